import { defineConfig } from "vitest/config";

// Browser and kernel tests (`npm run test:e2e`): they need Debian's chromium and jupyter-nbconvert
// (installed by .ci/run), build the site and start processes, so they run apart from `npm test`,
// one file at a time.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
