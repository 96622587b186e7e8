// Grading, part 3: keeping track of results. A TestBook collects the events the grader kit writes
// (register, start, end) over one or more vitest runs of one target, settles what a killed run left
// open (the stuck test times out), and groups the tests into exercises with a status each.
import { compareIds, describeTarget, GradeToolError, idSelected } from "./grade-select.js";
import { displayFile, seconds } from "./grade-format.js";
import type { StuckRun } from "./grade-vitest.js";
import type { ExerciseResult, ExerciseStatus, GradeEvent, TestResult } from "./grade-types.js";

export interface TestState extends TestResult {
  id: string;
  slug: string;
  order: number;
  /** True once the test has a final status (ended, or given up after a timeout). */
  done: boolean;
  timeLimitMs?: number;
}

/** What the graders reported about one target, accumulated over one or more vitest runs. */
export class TestBook {
  readonly tests = new Map<string, TestState>();
  /** Every exercise id the graders registered, selected or not (to name them in errors). */
  readonly registeredIds = new Set<string>();
  /** Grader files that got as far as registering their tests (a killed run may stop before others do). */
  readonly registeredSlugs = new Set<string>();
  private readonly startTimes = new Map<string, number>();

  constructor(private readonly ids: Set<string> | null) {}

  apply(event: GradeEvent): void {
    if (event.type === "register") {
      this.registeredIds.add(event.id);
      this.registeredSlugs.add(event.slug);
      if (!this.tests.has(event.key) && idSelected(this.ids, event.id)) {
        this.tests.set(event.key, {
          key: event.key, id: event.id, slug: event.slug, title: event.title, points: event.points, hint: event.hint,
          earned: 0, status: "not-run", order: this.tests.size, done: false, timeLimitMs: event.timeLimitMs,
        });
      }
    } else if (event.type === "start") {
      this.startTimes.set(event.key, event.t);
    } else if (event.type === "end") {
      const state = this.tests.get(event.key);
      if (!state) return;
      state.status = event.status;
      state.earned = event.status === "pass" ? state.points : 0;
      state.message = event.message;
      state.output = event.output;
      state.where = event.where;
      const startedAt = this.startTimes.get(event.key);
      state.ms = startedAt === undefined ? undefined : event.t - startedAt;
      state.done = true;
    }
  }

  /** Gives every test not settled by the graders a final status, and groups them by exercise. */
  finish(): ExerciseResult[] {
    for (const state of this.tests.values()) {
      if (!state.done) {
        state.status = "not-run";
        state.message = state.message ?? "not run: vitest ended before this test";
      }
    }
    return summarise(this.tests);
  }
}

/** After the watchdog killed a run: the stuck exercise (or the whole lesson, if it hung loading) times out. */
export function settleKilled(root: string, killed: StuckRun, book: TestBook, target: string, timeLimitMs: number): void {
  if (killed.kind === "test") {
    const stuck = book.tests.get(killed.key);
    if (!stuck) throw new GradeToolError(`grade: vitest was stuck in an unknown test "${killed.key}"`);
    for (const state of book.tests.values()) {
      if (state.id !== stuck.id || state.done) continue;
      if (state === stuck) {
        state.status = "timeout";
        state.message = `did not finish within ${seconds(Math.max(timeLimitMs, state.timeLimitMs ?? 0))}: an endless loop? (a loop whose counter never changes, or while (true))`;
        state.ms = killed.afterMs;
      } else {
        state.status = "not-run";
        state.message = `not run: an earlier test of ${stuck.id} timed out`;
      }
      state.done = true;
    }
    return;
  }
  const shown = displayFile(describeTarget(root, target), killed.slug);
  for (const state of book.tests.values()) {
    if (state.slug !== killed.slug || state.done) continue;
    state.status = "timeout";
    state.message = `${shown} did not finish loading within ${seconds(timeLimitMs)}: is there an endless loop at the top level of the file?`;
    state.ms = killed.afterMs;
    state.done = true;
  }
}

function summarise(tests: Map<string, TestState>): ExerciseResult[] {
  const byId = new Map<string, TestState[]>();
  for (const state of [...tests.values()].sort((a, b) => a.order - b.order)) {
    const list = byId.get(state.id) ?? [];
    list.push(state);
    byId.set(state.id, list);
  }
  return [...byId.entries()]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([id, states]) => ({
      id,
      lesson: id.slice(0, 2),
      slug: states[0].slug,
      points: states.reduce((s, t) => s + t.points, 0),
      earned: states.reduce((s, t) => s + t.earned, 0),
      status: exerciseStatus(states),
      tests: states.map(({ key, title, points, earned, status, hint, message, output, where, ms }) => ({ key, title, points, earned, status, hint, message, output, where, ms })),
    }));
}

function exerciseStatus(tests: TestResult[]): ExerciseStatus {
  if (tests.some((t) => t.status === "timeout")) return "timeout";
  if (tests.every((t) => t.status === "pass")) return "pass";
  if (tests.every((t) => t.status === "not-implemented")) return "not-implemented";
  if (tests.every((t) => t.status === "not-run")) return "not-run";
  return tests.some((t) => t.status === "pass") ? "partial" : "fail";
}
