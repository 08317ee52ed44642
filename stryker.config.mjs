// Mutation testing of app/domain/ (the pure rules, the access module among them) against the unit
// tables: `npm run test:mutation`. Not part of `npm test`. See docs/MUTATION-TESTING.md.
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ["app/domain/**/*.ts"],
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  coverageAnalysis: "perTest",
  // The machine is shared; one test runner at a time.
  concurrency: 1,
  reporters: ["clear-text", "progress", "html"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  // Reuses the last run's results for mutants whose code and covering tests are unchanged.
  incremental: true,
  incrementalFile: "reports/mutation/stryker-incremental.json",
  // Below 80 the run fails.
  thresholds: { high: 90, low: 80, break: 80 },
  // A busy machine: allow a slow test to finish before calling a mutant a timeout.
  timeoutMS: 10_000,
};
