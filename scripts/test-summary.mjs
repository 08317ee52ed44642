// Prints one plain closing line for CI from Vitest's JSON report: "Tests: N passed, N failed".
import fs from "node:fs";

const file = "test-results/vitest.json";
if (!fs.existsSync(file)) {
  console.log("Tests: 0 passed, 0 failed (no report: the test run did not start)");
  process.exit(0);
}
const report = JSON.parse(fs.readFileSync(file, "utf8"));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`Tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
