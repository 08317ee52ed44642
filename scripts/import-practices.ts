// npm run import:practices -- FILE [--list-sizes FILE] [--effective-date YYYY-MM-DD]
// Imports the NHS ODS epraccur register (and list sizes) into the database named by DATABASE_URL.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { describePlan, runPracticeRegisterImport } from "../app/models/imports.server";
import { getEnv } from "../app/utils/env.server";
import { migrateToLatest, openDatabase } from "../db/connection";
import { loadReferenceGeography } from "../db/seed/reference";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "list-sizes": { type: "string" }, "effective-date": { type: "string" }, quiet: { type: "boolean" } },
});
const registerPath = positionals[0];
if (!registerPath) {
  console.error("Usage: npm run import:practices -- epraccur.csv [--list-sizes list-sizes.csv] [--effective-date YYYY-MM-DD]");
  process.exit(2);
}
const effectiveDate = values["effective-date"];
if (effectiveDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(effectiveDate)) {
  console.error("--effective-date must look like 2026-04-01");
  process.exit(2);
}
function read(file: string) {
  try {
    return { name: path.basename(file), text: fs.readFileSync(file, "utf8") };
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    process.exit(2);
  }
}

const db = openDatabase(getEnv().DATABASE_URL);
try {
  await migrateToLatest(db);
  await loadReferenceGeography(db);
  const listSizesPath = values["list-sizes"];
  const result = await runPracticeRegisterImport(
    db,
    null,
    { register: read(registerPath), listSizes: listSizesPath ? read(listSizesPath) : null },
    {
      effectiveDate,
      onProgress: (done, total) => {
        if (values.quiet) return;
        // A line that rewrites itself on a terminal; one line per step in a log.
        const end = done === total || !process.stdout.isTTY ? "\n" : "";
        process.stdout.write(`${process.stdout.isTTY ? "\r" : ""}Applying: ${done} of ${total} practices${end}`);
      },
    },
  );
  const d = describePlan(result.plan);
  console.log(
    JSON.stringify(
      {
        added: d.inserts,
        updated: d.changes,
        closed: d.closures,
        icbMoves: d.icbMoves,
        unchanged: d.unchanged,
        activePractices: d.activeAfter,
        otherOrganisationsSkipped: d.otherOrganisations,
        closedPracticesNotHeld: d.closedNotHeld,
        listSizesAsOf: result.listSizesAsOf,
        activeWithoutListSize: d.activeWithoutListSize,
        problems: d.problems,
      },
      null,
      2,
    ),
  );
  if (result.plan.activeWithoutListSize.length) {
    console.log(`Active practices without a list size (${result.plan.activeWithoutListSize.length}): ${result.plan.activeWithoutListSize.join(", ")}`);
  }
  for (const p of result.plan.problems.slice(0, 50)) console.log(`line ${p.line}: ${p.message}`);
  if (result.plan.problems.length > 50) console.log(`... and ${result.plan.problems.length - 50} more problems`);
} finally {
  await db.destroy();
}
