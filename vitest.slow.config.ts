import { defineConfig } from "vitest/config";

// `npm run test:slow`: the end-to-end checks kept out of `npm test` for speed, never dropped — CI runs
// them (.ci/run) and counts them in its tally. A file joins this suite by its name: *.slow.test.ts.
export default defineConfig({
  test: {
    include: ["tests/**/*.slow.test.ts"],
    exclude: ["tests/e2e/**", "tests/graders/**", "tests/mutants/**", "node_modules/**"],
    // One file at a time: each already runs child processes (vitest, tsx, the whole course) that use
    // every core, and side by side they only slow each other past their time limits.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
