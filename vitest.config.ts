import { defineConfig } from "vitest/config";

// `npm test`: what a contributor runs after every change. Unit tests of src/, reference tests, the
// course tools in-process. Slow end-to-end checks (files named *.slow.test.ts: CLI child processes,
// grading through vitest children, every lesson run) are in vitest.slow.config.ts (`npm run test:slow`,
// run by CI); browser and kernel tests (tests/e2e) in vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/**/*.slow.test.ts", "tests/e2e/**", "tests/graders/**", "tests/mutants/**", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
