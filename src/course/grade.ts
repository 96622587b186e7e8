// The grade runner: runs the graders (tests/graders/NN-slug.test.ts) in a vitest child process, the way
// CI runs tests, and turns what they report into a score table.
//
// Why a child process with a watchdog: a student's `while (true) {}` blocks the vitest worker, so no
// in-process timer can fire. The grader kit (tests/graders/grader-kit.ts) appends a "start" event to an
// event log before each test and an "end" event after; this runner polls the log, and when a test has
// been running longer than the time limit it kills the whole vitest process group, records that
// exercise as a timeout, and runs vitest again for the exercises not yet graded.
//
// Grading reads exercises/ and writes only to a temporary folder under test-output/ (and to
// grades.json when the CLI asks): never to exercises/.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { STATUS_WORDS as statusWords, type ExerciseResult, type ExerciseStatus, type GradeEvent, type GradeReport, type TestResult } from "./grade-types.js";

/** A failure of the grading tool itself (not of the student's code): the CLI exits non-zero. */
export class GradeToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GradeToolError";
  }
}

/** Default per-test time limit. Graders use tiny inputs; a correct answer takes milliseconds. */
export const DEFAULT_TIME_LIMIT_MS = 5000;

/** The repository root: where package.json says "qkv" (found from this file, else from the cwd). */
export function repoRoot(): string {
  const candidates: string[] = [];
  try {
    candidates.push(resolve(dirname(fileURLToPath(import.meta.url)), "../.."));
  } catch {
    // loaded without import.meta (CommonJS): fall back to the working directory
  }
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    candidates.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of candidates) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && existsSync(join(dir, "tests", "graders"))) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "qkv") return dir;
      } catch {
        // not a package.json we can read: keep looking
      }
    }
  }
  throw new GradeToolError(`grade: cannot find the qkv repository (a package.json named "qkv" with tests/graders/) from ${process.cwd()}`);
}

export interface GraderFile {
  /** "00" */
  lesson: string;
  /** "00-tour" */
  slug: string;
  /** Relative to the repository root: "tests/graders/00-tour.test.ts". */
  file: string;
}

/** The grader files, one per lesson that has exercises, in lesson order. */
export function listGraders(root: string): GraderFile[] {
  const dir = join(root, "tests", "graders");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => name.match(/^((\d{2})-[a-z0-9-]+)\.test\.ts$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ lesson: m[2], slug: m[1], file: `tests/graders/${m[0]}` }))
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

export interface Selection {
  graders: GraderFile[];
  /** Exercise ids asked for; null = every exercise of the chosen lessons. */
  ids: Set<string> | null;
}

/**
 * Turns command-line words into grader files: "04" or "4" (a lesson), "04.2" (an exercise),
 * "04-self-attention" (a lesson by slug). No words = every lesson.
 */
export function resolveSelection(root: string, words: string[]): Selection {
  const all = listGraders(root);
  if (all.length === 0) throw new GradeToolError(`grade: no graders found in ${join(root, "tests", "graders")}`);
  if (words.length === 0) return { graders: all, ids: null };
  // "04.2" selects one exercise, "04" all of lesson 04 (kept as the wildcard "04.*").
  const ids = new Set<string>();
  for (const word of words) {
    const exercise = word.match(/^(\d{1,2})\.(\d+)$/);
    const lesson = word.match(/^(\d{1,2})(-[a-z0-9-]+)?$/);
    if (exercise) ids.add(`${exercise[1].padStart(2, "0")}.${exercise[2]}`);
    else if (lesson) ids.add(`${lesson[1].padStart(2, "0")}.*`);
    else throw new GradeToolError(`grade: "${word}" is neither a lesson ("04") nor an exercise id ("04.2")`);
  }
  const lessons = new Set([...ids].map((id) => id.slice(0, 2)));
  const known = all.map((g) => g.lesson);
  for (const lesson of lessons) {
    if (!known.includes(lesson)) {
      throw new GradeToolError(`grade: lesson ${lesson} has no grader; graded lessons: ${known.join(", ")}`);
    }
  }
  const graders = all.filter((g) => lessons.has(g.lesson));
  return { graders, ids };
}

function idSelected(ids: Set<string> | null, id: string): boolean {
  return ids === null || ids.has(id) || ids.has(`${id.slice(0, 2)}.*`);
}

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

interface TestState extends TestResult {
  id: string;
  slug: string;
  order: number;
  /** True once the test has a final status (ended, or given up after a timeout). */
  done: boolean;
  timeLimitMs?: number;
}

/** What the graders reported about one target, accumulated over one or more vitest runs. */
class TestBook {
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

interface RunOutcome {
  events: GradeEvent[];
  /** Why the watchdog killed the run, and how long the stuck test or load had run by then. */
  killed?: { kind: "test"; key: string; target: string; afterMs: number } | { kind: "load"; slug: string; target: string; afterMs: number } | { kind: "run" };
  code: number | null;
  stderr: string;
  stdout: string;
  json?: VitestJson;
}

interface VitestJson {
  testResults?: { name: string; status: string; message?: string; assertionResults?: unknown[] }[];
}

/** The graders a target applies to: a folder serves every lesson, one file only the lesson in its path. */
function gradersFor(root: string, target: string, graders: GraderFile[]): GraderFile[] {
  const file = targetForEnv(root, target).file;
  if (!file) return graders;
  const rel = relative(root, file).split(sep).join("/");
  const owner = graders.find((g) => rel.includes(g.slug));
  if (!owner) throw new GradeToolError(`grade: cannot tell which lesson ${rel} belongs to (its path must contain a slug like "00-tour")`);
  return [owner];
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

/** After the watchdog killed a run: the stuck exercise (or the whole lesson, if it hung loading) times out. */
function settleKilled(root: string, killed: Exclude<RunOutcome["killed"], { kind: "run" } | undefined>, book: TestBook, target: string, timeLimitMs: number): void {
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
      tests: states.map(({ key, title, points, earned, status, hint, message, ms }) => ({ key, title, points, earned, status, hint, message, ms })),
    }));
}

function exerciseStatus(tests: TestResult[]): ExerciseStatus {
  if (tests.some((t) => t.status === "timeout")) return "timeout";
  if (tests.every((t) => t.status === "pass")) return "pass";
  if (tests.every((t) => t.status === "not-implemented")) return "not-implemented";
  if (tests.every((t) => t.status === "not-run")) return "not-run";
  return tests.some((t) => t.status === "pass") ? "partial" : "fail";
}

function compareIds(a: string, b: string): number {
  const [la, na] = a.split(".").map(Number);
  const [lb, nb] = b.split(".").map(Number);
  return la - lb || na - nb;
}

/** A vitest -t pattern for the tests of these exercise ids ("04.2") and lessons ("04.*"): "04.2 › …". */
function namePattern(ids: string[]): string {
  const parts = ids.map((id) => id.replace(".", "\\.").replace("*", "\\d+"));
  // Not anchored at the start: a grader may wrap its tests in describe(), which prefixes the name.
  return `(?:^|\\s)(?:${parts.join("|")}) › `;
}

function targetForEnv(root: string, target: string): { value: string; file?: string } {
  if (target === "exercises" || target === "solutions") return { value: target };
  const abs = resolve(root, target);
  if (!existsSync(abs)) throw new GradeToolError(`grade: target ${target} does not exist`);
  return statSync(abs).isDirectory() ? { value: abs } : { value: abs, file: abs };
}

function describeTarget(root: string, target: string): string {
  if (target === "exercises" || target === "solutions") return target;
  return relative(root, resolve(root, target)).split(sep).join("/");
}

/** A fresh folder under test-output/ (git-ignored, inside the repo so "qkv" resolves from it). */
export function scratchDir(root: string, prefix: string): string {
  const base = join(root, "test-output");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, prefix));
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** A grader file that crashed, or one that registered no tests, is the tool's failure. */
function checkToolFailures(root: string, outcome: RunOutcome, graders: GraderFile[], books: TestBook[], wholeLessons: boolean): void {
  if (outcome.killed) return;
  for (const file of outcome.json?.testResults ?? []) {
    if (file.status === "failed" && (file.assertionResults ?? []).length === 0) {
      throw new GradeToolError(`grade: grader ${relative(root, file.name)} failed to run:\n${tail(file.message ?? "", 20)}`);
    }
  }
  if (outcome.json === undefined) {
    throw new GradeToolError(`grade: vitest exited with code ${outcome.code} and no report:\n${tail(outcome.stdout + outcome.stderr)}`);
  }
  if (wholeLessons) {
    for (const g of graders) {
      if (!books.some((book) => book.registeredSlugs.has(g.slug))) {
        throw new GradeToolError(`grade: ${g.file} registered no exercise tests (use exercise() from tests/graders/grader-kit.ts)`);
      }
    }
  }
}

interface RunRequest {
  root: string;
  files: string[];
  pattern?: string;
  timeLimitMs: number;
  runLimitMs: number;
  /** Target labels ("exercises", "solutions", or absolute paths), passed to the kit as QKV_TARGETS. */
  targets: string[];
  scratch: string;
  run: number;
}

/** Environment for the vitest child: ours minus the variables a parent vitest sets for its workers. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith("VITEST") || name === "TEST" || name === "NODE_ENV") continue;
    env[name] = value;
  }
  return { ...env, ...extra, FORCE_COLOR: "0", NO_COLOR: "1" };
}

/** Kills the vitest process and its workers: they share the child's process group. */
function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  if (process.platform === "win32") {
    spawnSync("taskkill", ["/pid", String(child.pid), "/T", "/F"], { stdio: "ignore" });
    return;
  }
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Kills every vitest run still going (they sit in their own process groups, so Ctrl-C in a terminal
 * does not reach them). The CLI calls this on SIGINT/SIGTERM; process exit does it too.
 */
export function stopGrading(): void {
  for (const child of liveChildren) killTree(child);
  liveChildren.clear();
}

function runVitest(request: RunRequest): Promise<RunOutcome> {
  const eventsFile = join(request.scratch, `events-${request.run}.jsonl`);
  const jsonFile = join(request.scratch, `vitest-${request.run}.json`);
  const vitestEntry = join(request.root, "node_modules", "vitest", "vitest.mjs");
  if (!existsSync(vitestEntry)) throw new GradeToolError(`grade: vitest is not installed (${vitestEntry}); run npm install`);
  const args = [
    vitestEntry, "run", "--config", "vitest.graders.config.ts",
    "--reporter=json", `--outputFile=${jsonFile}`,
    ...(request.pattern ? ["-t", request.pattern] : []),
    ...request.files,
  ];
  const child = spawn(process.execPath, args, {
    cwd: request.root,
    env: childEnv({
      QKV_TARGETS: JSON.stringify(request.targets.map((label) => ({ label, path: label }))),
      QKV_GRADE_EVENTS: eventsFile,
      QKV_GRADE_TIME_LIMIT_MS: String(request.timeLimitMs),
    }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: process.platform !== "win32",
  });
  liveChildren.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", stopGrading);
  }
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr?.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });

  const events: GradeEvent[] = [];
  let consumed = 0;
  // Keyed by target and test (or lesson): one run may grade several targets.
  const openTests = new Map<string, { key: string; target: string; t: number }>();
  /** Per-test limits that a grader raised above the run's limit. */
  const testLimits = new Map<string, number>();
  const openLoads = new Map<string, { slug: string; target: string; t: number }>();
  const both = (target: string, name: string): string => `${target}\u0000${name}`;
  const readEvents = (): void => {
    if (!existsSync(eventsFile)) return;
    const text = readFileSync(eventsFile, "utf8");
    const end = text.lastIndexOf("\n") + 1;
    if (end <= consumed) return;
    for (const line of text.slice(consumed, end).split("\n")) {
      if (!line) continue;
      const event = JSON.parse(line) as GradeEvent;
      events.push(event);
      if (event.type === "register" && event.timeLimitMs) testLimits.set(event.key, event.timeLimitMs);
      else if (event.type === "start") openTests.set(both(event.target, event.key), { key: event.key, target: event.target, t: event.t });
      else if (event.type === "end") openTests.delete(both(event.target, event.key));
      else if (event.type === "load-start") openLoads.set(both(event.target, event.lesson), { slug: event.lesson, target: event.target, t: event.t });
      else if (event.type === "load-end") openLoads.delete(both(event.target, event.lesson));
    }
    consumed = end;
  };

  return new Promise((resolvePromise, reject) => {
    const startedAt = Date.now();
    let killed: RunOutcome["killed"];
    const watchdog = setInterval(() => {
      readEvents();
      const now = Date.now();
      if (killed) return;
      for (const { key, target, t } of openTests.values()) {
        const limit = Math.max(request.timeLimitMs, testLimits.get(key) ?? 0);
        if (now - t > limit) killed = { kind: "test", key, target, afterMs: now - t };
      }
      for (const { slug, target, t } of openLoads.values()) {
        if (now - t > request.timeLimitMs) killed = { kind: "load", slug, target, afterMs: now - t };
      }
      if (!killed && now - startedAt > request.runLimitMs) killed = { kind: "run" };
      if (killed) killTree(child);
    }, 50);
    child.on("error", (error) => {
      clearInterval(watchdog);
      liveChildren.delete(child);
      reject(new GradeToolError(`grade: could not start vitest: ${error.message}`));
    });
    child.on("close", (code) => {
      clearInterval(watchdog);
      liveChildren.delete(child);
      readEvents();
      let json: VitestJson | undefined;
      if (!killed && existsSync(jsonFile)) {
        try {
          json = JSON.parse(readFileSync(jsonFile, "utf8")) as VitestJson;
        } catch {
          json = undefined;
        }
      }
      resolvePromise({ events, killed, code, stdout, stderr, json });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The report in words.


/** Rows of the score table: lesson, exercise, points, status. */
export function scoreRows(report: GradeReport): string[][] {
  return report.exercises.map((e) => [e.lesson, e.id, `${e.earned}/${e.points}`, statusWords[e.status]]);
}

export const scoreColumns = ["lesson", "exercise", "points", "status"];

export function formatTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(columns), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Each failing exercise: its failing tests, what went wrong (the first failed check) and the hint. */
export function formatFailures(report: GradeReport): string {
  const notStarted: string[] = [];
  const blocks: string[] = [];
  for (const e of report.exercises) {
    if (e.status === "pass") continue;
    const file = displayFile(report.target, e.slug);
    if (e.status === "not-implemented") {
      notStarted.push(`${e.id}: not implemented yet — write it in ${file}, then run \`npm run grade -- ${e.id}\``);
      continue;
    }
    const failed = e.tests.filter((t) => t.status !== "pass");
    const messages = new Set(failed.map((t) => t.message));
    if (failed.length === e.tests.length && failed.length > 1 && messages.size === 1) {
      // One cause for every test (the file did not load, or loops while loading): say it once.
      blocks.push(`${e.id}: ${statusWords[e.status]} — ${failed[0].message ?? "all tests failed"}`);
      continue;
    }
    const lines = [`${e.id}: ${e.status === "timeout" ? "timed out" : `${failed.length} of ${e.tests.length} tests failed`} (${file})`];
    const notRun = failed.filter((t) => t.status === "not-run");
    for (const t of failed) {
      if (t.status === "not-run") continue;
      lines.push(`  ✗ ${t.title} (${t.points} ${t.points === 1 ? "point" : "points"})${t.status === "fail" ? "" : ` — ${statusWords[t.status]}`}`);
      if (t.message) lines.push(...indent(`what went wrong: ${t.message}`, "      "));
      lines.push(...indent(`hint: ${t.hint}`, "      "));
    }
    if (notRun.length > 0) {
      lines.push(`  (${notRun.length} more ${notRun.length === 1 ? "test" : "tests"} of ${e.id} not run: ${notRun[0].message?.replace(/^not run: /, "") ?? "see above"})`);
    }
    blocks.push(lines.join("\n"));
  }
  if (notStarted.length > 0) blocks.push(notStarted.join("\n"));
  return blocks.join("\n\n");
}

/** The file a student edits for lesson `slug`, given a report's target (describeTarget). */
function displayFile(target: string, slug: string): string {
  if (target === "exercises" || target === "solutions") return `${target}/${slug}.ts`;
  return target.endsWith(".ts") ? target : `${target}/${slug}.ts`;
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((line) => prefix + line);
}

/** The whole report as plain text: table, total, then failures with hints. */
export function formatReport(report: GradeReport): string {
  const rows = scoreRows(report);
  const table = formatTable(scoreColumns, [...rows, ["total", "", `${report.earned}/${report.points}`, ""]]);
  const head = `Graded ${report.target}${report.selection.length ? ` (${report.selection.join(" ")})` : ""}` +
    ` — time limit ${seconds(report.timeLimitMs)} per test, ${seconds(report.ms)} in all`;
  const failures = formatFailures(report);
  return [head, "", table, ...(failures ? ["", failures] : [])].join("\n");
}
