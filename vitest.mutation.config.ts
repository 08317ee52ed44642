// Vitest for `npm run test:mutation` (stryker.config.mjs): the unit tables only, without the JSON
// report that .ci/run reads. tests/unit/regex-safety.test.ts is left out: it reads the source
// files as text, and in Stryker's sandbox that text is the instrumented code, full of mutated
// regexes (which it would rightly call unsafe). It checks text, not behaviour, so it kills no mutant.
import tsconfigPaths from "vite-tsconfig-paths";
import type { RunnerTestCase, RunnerTestFile } from "vitest";
import { defineConfig } from "vitest/config";
import type { Reporter } from "vitest/reporters";

/**
 * A test file that cannot even be imported counts as one failed test. Stryker's vitest runner
 * (9.6) builds a mutant's result from the tests it collected, and a file whose import throws
 * collects none, so a static mutant that breaks a module's loading (an `Intl.DateTimeFormat` with
 * an empty option, say) was reported as survived although every test importing it fails
 * (stryker-js issue #6150). The same gap would let a dry run pass with a file silently missing.
 */
export const loadFailureAsFailedTest: Reporter = {
  onFinished(files: RunnerTestFile[] = []) {
    for (const file of files) {
      if (file.result?.state !== "fail" || file.tasks.length > 0) continue;
      // Vitest types a test with a context only it can build; nothing reads one after the run.
      const failed = {
        type: "test",
        id: `${file.id}_load`,
        name: "the test file loads",
        mode: "run",
        file,
        suite: file,
        meta: {},
        context: {},
        annotations: [],
        result: { state: "fail", errors: file.result.errors ?? [{ message: "the test file failed to load" }] },
      } as unknown as RunnerTestCase;
      file.tasks.push(failed);
    }
  },
};

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    name: "unit",
    include: ["tests/unit/**/*.test.ts"],
    exclude: ["tests/unit/regex-safety.test.ts"],
    environment: "node",
    reporters: ["default", loadFailureAsFailedTest],
  },
});
