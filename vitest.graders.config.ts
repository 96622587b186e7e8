import { defineConfig } from "vitest/config";

// Graders: tests/graders/NN-slug.test.ts, which grade exercises/ (or solutions/, or a mutant: see
// tests/graders/grader-kit.ts). Run through `npm run grade` (src/course/grade.ts), which adds a
// watchdog for endless loops; `npm test` does not include these files (vitest.config.ts).
const timeLimitMs = Number(process.env.QKV_GRADE_TIME_LIMIT_MS ?? 5000);

export default defineConfig({
  test: {
    include: ["tests/graders/**/*.test.ts"],
    // The kit fails an async test at the limit itself; vitest's own timeout is only a backstop.
    testTimeout: timeLimitMs * 4,
    hookTimeout: 60_000,
    // Each grader file gets fresh modules, so a student's module state never leaks between lessons.
    isolate: true,
    watch: false,
    // Transformed modules cached on disk (node_modules/.experimental-vitest-cache, keyed by content):
    // grading starts one vitest per target, and this halves each one's start-up.
    experimental: { fsModuleCache: true },
  },
});
