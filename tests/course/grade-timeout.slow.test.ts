// The per-test time limit: a student's `while (true) {}` blocks the vitest worker, so the grade
// runner's watchdog must kill it, report that exercise as a timeout, and still grade the others.
import { describe, expect, test } from "vitest";
import { grade } from "../../src/course/grade.js";

const limitMs = 1500;

describe.concurrent("grade: time limit", () => {
  test("`while (true) {}` in softmax is a timeout within the limit; 00.1 and 00.3 are still graded", async () => {
    const report = await grade({ target: "tests/graders/fixtures/00-tour-while-true.ts", timeLimitMs: limitMs });
    const byId = Object.fromEntries(report.exercises.map((e) => [e.id, e]));
    expect(Object.keys(byId).sort()).toEqual(["00.1", "00.2", "00.3", "00.4"]);
    expect(byId["00.1"].status).toBe("pass");
    expect(byId["00.3"].status).toBe("pass");
    expect(byId["00.4"].status).toBe("pass"); // the review's answers come from the solution
    expect(byId["00.2"].status).toBe("timeout");
    expect(byId["00.2"].earned).toBe(0);
    const stuck = byId["00.2"].tests.filter((t) => t.status === "timeout");
    expect(stuck).toHaveLength(1);
    expect(stuck[0].message).toMatch(/did not finish within 1\.5 s/);
    // Killed right after the limit: the watchdog polls every 50 ms.
    expect(stuck[0].ms).toBeGreaterThanOrEqual(limitMs);
    expect(stuck[0].ms).toBeLessThan(limitMs + 1000);
    // The rest of 00.2 is not run after a timeout (it would loop again), and earns nothing.
    expect(byId["00.2"].tests.filter((t) => t.status === "not-run").length).toBe(byId["00.2"].tests.length - 1);
    // One run killed by the watchdog, one rerun for 00.3 and 00.4 (00.1 finished before the loop).
    expect(report.runs).toBe(2);
  }, 240_000);

  test("an endless loop at the top level of the file times out every exercise of the lesson", async () => {
    const report = await grade({ target: "tests/graders/fixtures/00-tour-loops-on-import.ts", timeLimitMs: limitMs });
    expect(report.exercises.map((e) => e.status)).toEqual(["timeout", "timeout", "timeout", "timeout"]);
    expect(report.earned).toBe(0);
    for (const e of report.exercises) {
      for (const t of e.tests) expect(t.message).toMatch(/did not finish loading within 1\.5 s/);
    }
    expect(report.runs).toBe(1);
  }, 240_000);
});
