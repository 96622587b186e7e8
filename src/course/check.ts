// check("04.2"): grade one exercise (or a whole lesson, "04") from a notebook cell.
//
//   await check("00.1")
//
// It runs the exercise's grader in a vitest child process, exactly as `npm run grade -- 00.1` and CI
// do, so a notebook never grades differently from the command line, and a student's endless loop
// cannot freeze the kernel (the child is killed at the time limit). The score table and the hints
// are shown with show(); the returned value prints as a one-line summary.
//
// Everything heavy (child processes, the grade runner, viz) is imported on first use, so that
// `import … from "qkv"` stays fast.
import { STATUS_WORDS, type GradeReport } from "./grade-types.js";

export interface CheckOptions {
  /** "exercises" (default), "solutions", or a file or folder to grade instead. */
  target?: string;
  /** Per-test limit in milliseconds (default 5000). */
  timeLimitMs?: number;
}

/** What check() returns: the full report, printed as one line ("00.1: 3/4 points — 00.1 partly right"). */
export class CheckResult {
  constructor(readonly report: GradeReport) {}

  get earned(): number {
    return this.report.earned;
  }

  get points(): number {
    return this.report.points;
  }

  /** True when every selected exercise passes all its tests. */
  get passed(): boolean {
    return this.report.exercises.length > 0 && this.report.exercises.every((e) => e.status === "pass");
  }

  toString(): string {
    const what = this.report.exercises.map((e) => e.id).join(", ");
    const status = this.passed ? "all tests pass" : this.report.exercises.map((e) => `${e.id} ${STATUS_WORDS[e.status]}`).join(", ");
    return `${what}: ${this.earned}/${this.points} points — ${status}`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * Grades exercise `selector` ("00.1"), or every exercise of a lesson ("00"), and shows the score
 * table (lesson, exercise, points, status) and, for each failing test, what went wrong and a hint.
 */
export async function check(selector: string, options: CheckOptions = {}): Promise<CheckResult> {
  const { grade, formatFailures, scoreColumns, scoreRows } = await import("./grade.js");
  const { show, table } = await import("../viz/index.js");
  const report = await grade({ selection: [selector], target: options.target, timeLimitMs: options.timeLimitMs });
  show(table(scoreColumns, scoreRows(report)));
  const failures = formatFailures(report);
  if (failures) show(failures);
  return new CheckResult(report);
}
