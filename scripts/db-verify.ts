// npm run db:verify
// Recomputes every participation counter and the daily series from the sign-up history, the
// current sign-ups and the pledges, and reports any drift. Exit 0: none; 1: drift; 2: no check.
import { countParticipationRecords, verifyParticipation } from "../app/models/participation-verify.server";
import { getEnv } from "../app/utils/env.server";
import { openExistingDatabase } from "../db/connection";

const db = openExistingDatabase(getEnv().DATABASE_URL);
let code = 0;
try {
  const started = Date.now();
  const drift = await verifyParticipation(db);
  const read = await countParticipationRecords(db);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `Checked ${read.signUps} sign-ups (${read.historyRows} history rows), ${read.pledges} personal pledges, ` +
      `${read.counters} counters and ${read.dailyRows} daily rows in ${seconds} s.`,
  );
  if (drift.length === 0) {
    console.log("No drift: every counter matches the records.");
  } else {
    console.log(`Drift found (${drift.length}):`);
    for (const line of drift) console.log(`  ${line}`);
    code = 1;
  }
} catch (error) {
  console.error(`Could not verify: ${(error as Error).message}`);
  code = 2;
} finally {
  await db.destroy();
}
process.exit(code);
