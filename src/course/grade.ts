// The grade runner: grades exercises (or solutions, a mutant, a folder) with the graders in
// tests/graders/, and returns a report. The work is split by concern:
//   grade-select.ts  what to grade (the repository, the graders, the selection, the targets)
//   grade-vitest.ts  running vitest children under a watchdog that kills a stuck test
//   grade-book.ts    tracking the results the graders report, over one or more runs
//   grade-format.ts  the report in words (score table, failures with hints)
// This file holds the loop that ties them together: run, settle a timeout, rerun what is left.
//
// Grading reads exercises/ and writes only to a temporary folder under test-output/ (and to
// grades.json when the CLI asks): never to exercises/.
import { rmSync } from "node:fs";
import { TestBook, settleKilled } from "./grade-book.js";
import { DEFAULT_TIME_LIMIT_MS, GradeToolError, compareIds, describeTarget, gradersFor, listGraders, namePattern, repoRoot, resolveSelection, targetForEnv, type Selection } from "./grade-select.js";
import { checkToolFailures, runVitest, scratchDir, tail, type RunOutcome } from "./grade-vitest.js";
import type { ExerciseResult, GradeReport } from "./grade-types.js";

export { DEFAULT_TIME_LIMIT_MS, GradeToolError, listGraders, repoRoot, resolveSelection, type GraderFile, type Selection } from "./grade-select.js";
export { scratchDir, stopGrading } from "./grade-vitest.js";
export { formatFailures, formatReport, scoreColumns, scoreRows } from "./grade-format.js";

export interface GradeOptions {
  /** Lessons and exercise ids, as on the command line; [] = everything. */
  selection?: string[];
  /**
   * What to grade: "exercises" (default), "solutions", a folder holding NN-slug.ts files, or one file
   * (a mutant or fixture; then only the lesson named in its path is graded).
   */
  target?: string;
  timeLimitMs?: number;
  root?: string;
  /** Also stop a whole vitest run after this long (default: generous, scales with the test count). */
  runLimitMs?: number;
}

function defaultRunLimit(timeLimitMs: number, tests: number): number {
  return 60_000 + timeLimitMs * Math.max(10, tests * 2);
}

/** Grades the selection against the target and returns the report (never throws for student errors). */
export async function grade(options: GradeOptions = {}): Promise<GradeReport> {
  const started = Date.now();
  const root = options.root ?? repoRoot();
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const target = options.target ?? "exercises";
  const chosen = resolveSelection(root, options.selection ?? []);
  const selection: Selection = { graders: gradersFor(root, target, chosen.graders), ids: chosen.ids };
  const label = targetForEnv(root, target).value;

  const scratch = scratchDir(root, "grade-run-");
  const book = new TestBook(selection.ids);
  let runs = 0;
  try {
    let pattern = selection.ids === null ? undefined : namePattern([...selection.ids]);
    let graders = selection.graders;
    for (;;) {
      runs++;
      const outcome = await runVitest({
        root, files: graders.map((g) => g.file), pattern, timeLimitMs, targets: [label], scratch, run: runs,
        runLimitMs: options.runLimitMs ?? defaultRunLimit(timeLimitMs, book.tests.size),
      });
      for (const event of outcome.events) book.apply(event);
      checkToolFailures(root, outcome, graders, [book], selection.ids === null);
      if (!outcome.killed) break;
      if (outcome.killed.kind === "run") {
        throw new GradeToolError(`grade: vitest did not finish within its run limit; output:\n${tail(outcome.stdout + outcome.stderr)}`);
      }
      settleKilled(root, outcome.killed, book, target, timeLimitMs);
      // Rerun what is left: unfinished exercises, and grader files the killed run never reached.
      const remaining = [...new Set([...book.tests.values()].filter((s) => !s.done).map((s) => s.id))];
      for (const g of selection.graders) {
        if (book.registeredSlugs.has(g.slug)) continue;
        if (selection.ids === null) remaining.push(`${g.lesson}.*`);
        else remaining.push(...[...selection.ids].filter((id) => id.startsWith(`${g.lesson}.`)));
      }
      if (remaining.length === 0) break;
      // Each killed run settles at least one exercise, so this is only a guard against a bug here.
      if (runs > book.registeredIds.size + selection.graders.length + 1) {
        throw new GradeToolError(`grade: gave up after ${runs} vitest runs; still not graded: ${remaining.join(", ")}`);
      }
      pattern = namePattern(remaining);
      graders = selection.graders.filter((g) => remaining.some((id) => id.startsWith(`${g.lesson}.`)));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  if (selection.ids !== null) {
    for (const id of selection.ids) {
      if (id.endsWith(".*")) continue;
      if (!book.registeredIds.has(id)) {
        const known = [...book.registeredIds].filter((k) => k.startsWith(`${id.slice(0, 2)}.`)).sort(compareIds);
        throw new GradeToolError(`grade: there is no exercise ${id}${known.length ? ` (lesson ${id.slice(0, 2)} has ${known.join(", ")})` : ""}`);
      }
    }
  }
  return makeReport(root, target, options.selection ?? [], timeLimitMs, started, book.finish(), runs);
}

/**
 * Grades several targets (every lesson each applies to) in ONE vitest run: each grader registers its
 * tests once per target. This is what keeps grade:verify fast (solutions, stubs and dozens of mutants).
 * If that run is killed (a target loops) or fails, each target is graded on its own instead.
 */
export async function gradeMany(targets: string[], options: { root?: string; timeLimitMs?: number } = {}): Promise<{ reports: GradeReport[]; runs: number }> {
  const started = Date.now();
  const root = options.root ?? repoRoot();
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const all = listGraders(root);
  const labels = targets.map((t) => targetForEnv(root, t).value);
  const gradersOf = targets.map((t) => gradersFor(root, t, all));
  const graders = all.filter((g) => gradersOf.some((list) => list.includes(g)));
  const books = targets.map(() => new TestBook(null));
  const scratch = scratchDir(root, "grade-many-");
  let outcome: RunOutcome;
  try {
    outcome = await runVitest({
      root, files: graders.map((g) => g.file), timeLimitMs, targets: labels, scratch, run: 1,
      runLimitMs: defaultRunLimit(timeLimitMs, 40 * targets.length),
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const byLabel = new Map(labels.map((label, i) => [label, books[i]]));
  for (const event of outcome.events) byLabel.get(event.target)?.apply(event);
  const complete = !outcome.killed && outcome.json !== undefined &&
    books.every((book, i) => gradersOf[i].every((g) => book.registeredSlugs.has(g.slug)) && [...book.tests.values()].every((s) => s.done));
  if (!complete) {
    const reports: GradeReport[] = [];
    for (const target of targets) reports.push(await grade({ root, target, timeLimitMs }));
    return { reports, runs: 1 + reports.reduce((sum, r) => sum + r.runs, 0) };
  }
  checkToolFailures(root, outcome, graders, books, true);
  return { reports: targets.map((target, i) => makeReport(root, target, [], timeLimitMs, started, books[i].finish(), 1)), runs: 1 };
}

function makeReport(root: string, target: string, selection: string[], timeLimitMs: number, started: number, exercises: ExerciseResult[], runs: number): GradeReport {
  return {
    target: describeTarget(root, target),
    selection,
    timeLimitMs,
    gradedAt: new Date(started).toISOString(),
    exercises,
    points: exercises.reduce((s, e) => s + e.points, 0),
    earned: exercises.reduce((s, e) => s + e.earned, 0),
    ms: Date.now() - started,
    runs,
  };
}

