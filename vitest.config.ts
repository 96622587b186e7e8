import { defineConfig } from "vitest/config";

// One config for the whole repo: unit tests of src/, reference tests, graders' self-checks.
// Browser (e2e) tests live in tests/e2e and have their own command (they need Chromium).
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "tests/graders/**", "tests/mutants/**", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
