// Prints one plain closing line for CI from Vitest's JSON reports: "Tests: N passed, N failed",
// added up over the SQLite run (`npm test`) and the PostgreSQL run (`npm run test:postgres`),
// after a line for each run. A run whose report is missing is said so, and counts as a failure.
import fs from "node:fs";

const RUNS = [
  { name: "SQLite (npm test)", file: "test-results/vitest.json" },
  { name: "PostgreSQL (npm run test:postgres)", file: "test-results/vitest-postgres.json" },
];

const total = { passed: 0, failed: 0, skipped: 0 };
const counted = (c) => `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}`;
for (const run of RUNS) {
  if (!fs.existsSync(run.file)) {
    console.log(`- ${run.name}: no report (the run did not start or did not finish)`);
    total.failed += 1;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(run.file, "utf8"));
  const these = { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0, skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) };
  // A suite that failed to load counts no test but fails the run.
  if (report.success === false && these.failed === 0) these.failed = (report.numFailedTestSuites ?? 0) || 1;
  console.log(`- ${run.name}: ${counted(these)}`);
  for (const key of Object.keys(total)) total[key] += these[key];
}
console.log(`Tests: ${counted(total)}`);
