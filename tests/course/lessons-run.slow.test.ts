// Every lesson of the course under the Node runner (what `npm start` and `npm run lecture` use): no
// error, no stderr, and two runs print the same bytes. Slow (it runs the whole course twice), so it is
// in the slow suite (`npm run test:slow`, part of CI), not in `npm test`.
import { describe, expect, it } from "vitest";
import { basename, join } from "node:path";
import { listLessonFiles, parseLesson } from "../../src/course/lesson.js";
import { runLesson } from "../../src/course/runner.js";

describe("the course's lessons under the runner", () => {
  const dir = join(import.meta.dirname, "..", "..", "lessons");
  const files = listLessonFiles(dir).map((f) => basename(f));

  for (const f of files) {
    it(`${f} runs without errors or stderr, and two runs capture identical outputs`, async () => {
      const lesson = parseLesson(join(dir, f));
      const first = await runLesson(lesson);
      const failures = first.cells.filter((c) => c.error || c.stderr).map((c) => `${f}:${c.error?.line ?? c.line}: ${c.error?.message ?? c.stderr}`);
      expect(failures).toEqual([]);
      const second = await runLesson(lesson);
      // A ```ts timed cell measures wall-clock time: the one kind of output allowed to differ between runs.
      const stable = (run: typeof first) => run.cells.map((c) => (lesson.cells[c.cellIndex].timed ? "timed" : c.outputs));
      expect(JSON.stringify(stable(second))).toBe(JSON.stringify(stable(first)));
      expect(first.cells.some((c) => c.outputs.length > 0)).toBe(true);
      // Two full runs of a lesson, each training small models and grading its exercises once (check()
      // cells share one grading per lesson): minutes, not seconds, on a busy 2-core machine.
    }, 600_000);
  }
});
