// What the graders, the grade runner (grade.ts), `npm run grade` and check() share: the error an
// unfinished exercise throws, the events a grader writes while it runs, and the report they make.
// No imports: exercises load this through "qkv", so it must stay tiny.

/**
 * Thrown by an exercise stub that the student has not written yet. The grader reports such a test as
 * "not implemented" instead of showing a failed assertion.
 *
 * ```ts
 * export function dot(a: Tensor, b: Tensor): number {
 *   throw new NotImplemented("00.1");
 * }
 * ```
 */
export class NotImplemented extends Error {
  /** Exercise id, "LL.N": lesson number and exercise number, e.g. "04.2". */
  readonly exercise: string;
  constructor(exercise: string) {
    super(`${exercise} not implemented yet: write it in the exercises/ file, then run \`npm run grade -- ${exercise}\``);
    this.name = "NotImplemented";
    this.exercise = exercise;
  }
}

/** Status of one grader test. "timeout": the student's code ran past the per-test time limit. */
export type TestStatus = "pass" | "fail" | "not-implemented" | "timeout";

/** Status of one exercise: the worst of its tests ("fail" beats "not-implemented" beats "pass"). */
export type ExerciseStatus = "pass" | "partial" | "fail" | "not-implemented" | "timeout" | "not-run";

/** Statuses as the score table words them. */
export const STATUS_WORDS: Record<ExerciseStatus | TestStatus, string> = {
  "pass": "pass",
  "partial": "partly right",
  "fail": "fail",
  "not-implemented": "not implemented yet",
  "timeout": "timeout",
  "not-run": "not run",
};

/**
 * One line of the event log (JSON Lines) a grader writes synchronously while it runs, so that the
 * parent process knows which test is running even when a `while (true) {}` blocks the worker.
 * `target` is the label of the module under grading (one run may grade several, for grade:verify).
 */
export type GradeEvent =
  | { type: "load-start"; lesson: string; target: string; t: number }
  | { type: "load-end"; lesson: string; target: string; t: number; error?: string }
  | { type: "register"; key: string; target: string; id: string; slug: string; title: string; points: number; hint: string; timeLimitMs?: number }
  | { type: "start"; key: string; target: string; t: number }
  | { type: "end"; key: string; target: string; t: number; status: TestStatus; message?: string; output?: string; where?: string };

export interface TestResult {
  /** "00.2 › sums to 1": exercise id and title, unique within a grader file. */
  key: string;
  title: string;
  points: number;
  /** Points earned: all or nothing per test. */
  earned: number;
  status: TestStatus | "not-run";
  hint: string;
  /** The first failing assertion, in words (absent when the test passed). */
  message?: string;
  /** What the student's code printed (console.log …) during a failing test. */
  output?: string;
  /** Where the student's file threw (or failed to parse): "exercises/04-x.ts:12:5" and the lines around it. */
  where?: string;
  ms?: number;
}

export interface ExerciseResult {
  id: string;
  /** Lesson number "00" and the grader file's slug "00-tour". */
  lesson: string;
  slug: string;
  points: number;
  earned: number;
  status: ExerciseStatus;
  tests: TestResult[];
}

export interface GradeReport {
  /** What was graded: "exercises", "solutions", or a file path (a mutant or fixture). */
  target: string;
  /** The selection asked for: [] = everything, else lesson numbers ("04") and exercise ids ("04.2"). */
  selection: string[];
  timeLimitMs: number;
  gradedAt: string;
  exercises: ExerciseResult[];
  points: number;
  earned: number;
  /** Wall time of the whole grading, including the vitest child processes. */
  ms: number;
  /** How many vitest child processes ran (more than one when a timeout forced a rerun). */
  runs: number;
}
