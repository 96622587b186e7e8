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
  const report = await gradeThroughLesson(selector, options, grade);
  show(table(scoreColumns, scoreRows(report)));
  const failures = formatFailures(report);
  if (failures) show(failures);
  return new CheckResult(report);
}

/**
 * Reports of whole lessons, by what they were graded from. A lesson's check cells (one per exercise)
 * then cost one vitest run, not one each: the first grades the whole lesson, the others read its result,
 * for as long as the graded file and the graders are byte for byte the same. Saving the exercise file
 * changes its bytes, so the next check grades again.
 */
const lessonReports = new Map<string, GradeReport>();

type Grade = (typeof import("./grade.js"))["grade"];

async function gradeThroughLesson(selector: string, options: CheckOptions, grade: Grade): Promise<GradeReport> {
  const direct = () => grade({ selection: [selector], target: options.target, timeLimitMs: options.timeLimitMs });
  const target = options.target ?? "exercises";
  if (!/^\d{2}(\.\d+)?$/.test(selector) || (target !== "exercises" && target !== "solutions")) return direct();
  const { listGraders, repoRoot } = await import("./grade.js");
  const { createHash } = await import("node:crypto");
  const { existsSync, readFileSync, readdirSync } = await import("node:fs");
  const { join } = await import("node:path");
  const root = repoRoot();
  const lesson = selector.slice(0, 2);
  const grader = listGraders(root).find((g) => g.lesson === lesson);
  if (!grader) return direct();
  const graderDir = join(root, "tests", "graders");
  const files = [join(root, target, `${grader.slug}.ts`), ...readdirSync(graderDir).filter((f) => f.endsWith(".ts")).sort().map((f) => join(graderDir, f))];
  const hash = createHash("sha256");
  for (const f of files) hash.update(f).update(existsSync(f) ? readFileSync(f) : "missing");
  const key = `${lesson} ${target} ${options.timeLimitMs ?? ""} ${hash.digest("hex")}`;
  let report = lessonReports.get(key);
  if (!report) {
    report = await grade({ selection: [lesson], target: options.target, timeLimitMs: options.timeLimitMs });
    // A timeout may come from a busy machine rather than the code: grade again next time.
    if (!report.exercises.some((e) => e.status === "timeout" || e.status === "not-run")) lessonReports.set(key, report);
  }
  if (selector === lesson) return report;
  const exercises = report.exercises.filter((e) => e.id === selector);
  if (exercises.length === 0) return direct(); // not an exercise of this lesson: let grade() say so
  return {
    ...report,
    selection: [selector],
    exercises,
    points: exercises.reduce((s, e) => s + e.points, 0),
    earned: exercises.reduce((s, e) => s + e.earned, 0),
  };
}
