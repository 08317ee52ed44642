// npm run db:retention
// Anonymises withdrawn pledges older than the period an administrator set at /admin/privacy
// (ADR 014): the pledge and its audit rows lose the person, the counts stay. Run it daily
// (README: a systemd timer). Exit 0: done (or no period set); 2: could not run.
import { anonymiseWithdrawnPledges } from "../app/models/erasure.server";
import { getEnv } from "../app/utils/env.server";
import { migrateToLatest, openExistingDatabase } from "../db/connection";

const db = openExistingDatabase(getEnv().DATABASE_URL);
let code = 0;
try {
  await migrateToLatest(db);
  const outcome = await anonymiseWithdrawnPledges(db);
  if (outcome.periodDays === null) {
    console.log("No retention period is set (an administrator sets one at /admin/privacy): nothing anonymised.");
  } else {
    console.log(`Anonymised ${outcome.anonymised} withdrawn pledge${outcome.anonymised === 1 ? "" : "s"} older than ${outcome.periodDays} days (withdrawn before ${outcome.before}).`);
  }
} catch (error) {
  console.error(`Could not apply the retention period: ${(error as Error).message}`);
  code = 2;
} finally {
  await db.destroy();
}
process.exit(code);
