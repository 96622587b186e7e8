// The grader kit: what every tests/graders/NN-slug.test.ts uses.
//
//   const tour = target<Tour>("00-tour");              // the module under grading (exercises/ by default)
//   exercise("00.1", "adds the products", { points: 2, hint: "…" }, () => {
//     expectClose(tour.dot(a, b), 32, "dot([1, 2, 3], [4, 5, 6])");
//   });
//
// Which module is graded comes from QKV_TARGET: "exercises" (default), "solutions", a folder of
// NN-slug.ts files, or one file (a mutant or a fixture); paths are relative to the repository. Each test belongs to one exercise id and
// carries its points and a hint. While it runs, the kit appends events to QKV_GRADE_EVENTS (JSON lines,
// written synchronously): the grade runner (src/course/grade.ts) reads them to build the score table,
// and to see which test is stuck when a student's `while (true) {}` blocks this worker.
//
// Assertion helpers below throw GradeFailure with a message in plain words ("dot([1, 2], [3, 4])
// returned 10, expected 11"), which is what the student reads as "what went wrong".
import { beforeAll, test } from "vitest";
import { appendFileSync, existsSync, readFileSync, statSync } from "node:fs";
import { format } from "node:util";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { GradeEvent, TestStatus } from "../../src/course/grade-types.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const eventsFile = process.env.QKV_GRADE_EVENTS;
/** Per-test limit for asynchronous code; synchronous endless loops are caught by the runner's watchdog. */
const timeLimitMs = Number(process.env.QKV_GRADE_TIME_LIMIT_MS ?? 5000);

function emit(event: GradeEvent): void {
  if (eventsFile) appendFileSync(eventsFile, JSON.stringify(event) + "\n");
}

/** A failed check, phrased for the student. */
export class GradeFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GradeFailure";
  }
}

function isNotImplemented(error: unknown): boolean {
  return error instanceof Error && error.name === "NotImplemented";
}

/** Errors that say the module could not be used at all: never a correct "throws" answer. */
function isGraderError(error: unknown): boolean {
  return isNotImplemented(error) || error instanceof GradeFailure;
}

/**
 * The targets of this run. Usually one, from QKV_TARGET. The grade runner may pass several as
 * QKV_TARGETS (JSON: [{ label, path }]) to grade many modules in one vitest process (grade:verify);
 * then every test is registered once per target, and events carry the target's label.
 */
interface TargetChoice {
  label: string;
  path: string;
}

const choices: TargetChoice[] = process.env.QKV_TARGETS
  ? (JSON.parse(process.env.QKV_TARGETS) as TargetChoice[])
  : [{ label: process.env.QKV_TARGET ?? "exercises", path: process.env.QKV_TARGET ?? "exercises" }];

/** Where the module for lesson `slug` ("00-tour") is, for a target path. */
export function targetFile(slug: string, choice = process.env.QKV_TARGET ?? "exercises"): string {
  if (choice === "exercises" || choice === "solutions") return resolve(repoRoot, choice, `${slug}.ts`);
  const path = resolve(repoRoot, choice);
  // A folder of NN-slug.ts files (e.g. pristine stubs), or one file (a mutant or a fixture).
  return isFolder(choice) ? join(path, `${slug}.ts`) : path;
}

function isFolder(choice: string): boolean {
  if (choice === "exercises" || choice === "solutions") return true;
  const path = resolve(repoRoot, choice);
  return existsSync(path) && statSync(path).isDirectory();
}

/** A folder serves every lesson; a single file only the lesson whose slug is in its path. */
function appliesTo(choice: TargetChoice, slug: string): boolean {
  return isFolder(choice.path) || relative(repoRoot, resolve(repoRoot, choice.path)).split("\\").join("/").includes(slug);
}

interface LoadedTarget {
  label: string;
  file: string;
  /** The file as the student sees it: "exercises/00-tour.ts". */
  shown: string;
  module: Record<string, unknown>;
  loaded: boolean;
  loadError?: string;
  /** For a file that did not load: "file:line:col" and the lines around it. */
  loadWhere?: string;
}

/** The lesson this grader file grades ("00-tour") and its targets, set by target(). */
let currentSlug: string | undefined;
let currentTargets: LoadedTarget[] = [];
/** The target whose module the running test sees through target()'s proxy. */
let activeTarget: LoadedTarget | undefined;

/**
 * The module under grading, as an object whose properties are its exports. It is imported in a
 * beforeAll hook (so an import that throws or loops is reported, not a crash of the grader file), and
 * reading an export it lacks fails the test with a plain message.
 */
export function target<M extends object>(slug: string): M {
  currentSlug = slug;
  currentTargets = choices.filter((c) => appliesTo(c, slug)).map((c) => {
    const file = targetFile(slug, c.path);
    return { label: c.label, file, shown: relative(repoRoot, file).split("\\").join("/"), module: {}, loaded: false };
  });
  const targets = currentTargets;
  beforeAll(async () => {
    for (const t of targets) {
      emit({ type: "load-start", lesson: slug, target: t.label, t: Date.now() });
      try {
        t.module = (await import(pathToFileURL(t.file).href)) as Record<string, unknown>;
        t.loaded = true;
        emit({ type: "load-end", lesson: slug, target: t.label, t: Date.now() });
      } catch (error) {
        const problem = describeLoadError(error, t);
        t.loadError = problem.message;
        t.loadWhere = problem.where;
        emit({ type: "load-end", lesson: slug, target: t.label, t: Date.now(), error: t.loadError });
      }
    }
  }, 60_000);
  return new Proxy({} as M, {
    get(_unused, name) {
      if (typeof name !== "string") return undefined;
      const t = activeTarget;
      if (!t) throw new GradeFailure(`the module of ${slug} is only available inside exercise tests`);
      if (t.loadError) throw new GradeFailure(t.loadError);
      if (!t.loaded) throw new GradeFailure(`${t.shown} is not loaded yet`);
      if (!(name in t.module)) throw new GradeFailure(`${t.shown} does not export "${name}": keep the exported names of the stub`);
      return t.module[name];
    },
  });
}

export interface ExerciseTestOptions {
  /** Points this test is worth; an exercise's score is the sum over its passing tests. */
  points: number;
  /** Shown to the student when this test fails: what to look at, never the answer. */
  hint: string;
  /**
   * This test's time limit in ms, for the rare test that must do real work (e.g. a few training
   * steps). Default: the run's limit (QKV_GRADE_TIME_LIMIT_MS, 5 s). Only ever raise it.
   */
  timeLimitMs?: number;
}

const keys = new Set<string>();

/**
 * One graded test of exercise `id` ("04.2"). The test name is "04.2 › title"; the runner selects
 * exercises by that prefix, so keep titles unique within a grader file.
 */
export function exercise(id: string, title: string, options: ExerciseTestOptions, body: () => void | Promise<void>): void {
  if (!/^\d{2}\.\d+$/.test(id)) throw new Error(`exercise: id "${id}" must look like "04.2" (lesson.number)`);
  if (!(options.points > 0)) throw new Error(`exercise ${id} "${title}": points must be positive, got ${options.points}`);
  const key = `${id} › ${title}`;
  if (keys.has(key)) throw new Error(`exercise: duplicate test "${key}"`);
  keys.add(key);
  if (currentSlug === undefined) throw new Error(`exercise ${id}: call target("NN-slug") before exercise()`);
  const limitMs = Math.max(timeLimitMs, options.timeLimitMs ?? 0);
  for (const t of currentTargets) {
    const label = t.label;
    emit({ type: "register", key, target: label, id, slug: currentSlug, title, points: options.points, hint: options.hint, timeLimitMs: limitMs });
    // One target: the plain key. Several (grade:verify): the key, then the target, so -t still selects by id.
    const name = currentTargets.length === 1 ? key : `${key} ⟨${label}⟩`;
    test(name, async () => {
      emit({ type: "start", key, target: label, t: Date.now() });
      activeTarget = t;
      let status: TestStatus = "pass";
      let message: string | undefined;
      const printed = captureConsole();
      try {
        const result = body();
        if (result instanceof Promise) await withDeadline(result, limitMs);
      } catch (error) {
        status = isNotImplemented(error) ? "not-implemented" : error instanceof TimeLimit ? "timeout" : "fail";
        message = firstLines(error);
        const where = t.loadError ? t.loadWhere : status === "not-implemented" ? undefined : locateInFile(error, t.file, t.shown);
        emit({ type: "end", key, target: label, t: Date.now(), status, message, output: printed.text(), where });
        throw error;
      } finally {
        printed.restore();
        activeTarget = undefined;
      }
      emit({ type: "end", key, target: label, t: Date.now(), status });
    }, limitMs * 4);
  }
}

class TimeLimit extends Error {
  constructor(limitMs: number) {
    super(`did not finish within ${limitMs / 1000} s (an endless loop, or a wait that never ends?)`);
    this.name = "TimeLimit";
  }
}

async function withDeadline(work: Promise<void>, limitMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeLimit(limitMs)), limitMs);
  });
  try {
    await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// What the student needs to debug a failure: what their code printed, and where in their file it threw.

/** Most output kept per test: a loop that logs every step should not flood the report. */
const MAX_OUTPUT_LINES = 40;
const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Collects what console.log (and friends) print while a test runs, instead of letting vitest swallow
 * it. text() is what was printed (at most MAX_OUTPUT_LINES lines), or undefined when nothing was.
 */
function captureConsole(): { text(): string | undefined; restore(): void } {
  const lines: string[] = [];
  let dropped = 0;
  const saved = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  for (const m of CONSOLE_METHODS) {
    console[m] = (...args: unknown[]) => {
      for (const line of format(...args).split("\n")) {
        if (lines.length < MAX_OUTPUT_LINES) lines.push(line);
        else dropped++;
      }
    };
  }
  return {
    text: () => (lines.length === 0 ? undefined : lines.join("\n") + (dropped > 0 ? `\n… (${dropped} more lines)` : "")),
    restore: () => {
      for (const [m, fn] of saved) console[m] = fn as never;
    },
  };
}

/** The lines around `line` (1-based) of `source`, numbered, with the line marked and a caret under `column`. */
export function codeFrame(source: string, line: number, column?: number, around = 2): string {
  const lines = source.split("\n");
  const first = Math.max(1, line - around);
  const last = Math.min(lines.length, line + around);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    out.push(`${n === line ? ">" : " "} ${String(n).padStart(width)} | ${lines[n - 1] ?? ""}`.trimEnd());
    if (n === line && column !== undefined && column > 0) out.push(`  ${" ".repeat(width)} | ${" ".repeat(column - 1)}^`);
  }
  return out.join("\n");
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * "exercises/00-tour.ts:17:12" and a code frame, for the deepest-called frame of `error`'s stack that
 * is in the student's file `file` (an error thrown in the library by a call from their code points at
 * that call). Undefined when their file is not on the stack (the grader's own check failed).
 */
export function locateInFile(error: unknown, file: string, shown: string): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== "string") return undefined;
  const wanted = resolve(file);
  for (const frame of error.stack.split("\n").slice(1)) {
    const m = frame.match(/\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/);
    if (!m) continue;
    const path = m[1].startsWith("file://") ? fileURLToPath(m[1]) : m[1];
    if (resolve(path) !== wanted) continue;
    const line = Number(m[2]);
    const column = Number(m[3]);
    const source = readSource(file);
    return `${shown}:${line}:${column}${source ? `\n${codeFrame(source, line, column)}` : ""}`;
  }
  return undefined;
}

/**
 * Why a target's file did not load, said once: the first line of the error (a syntax error's position
 * is read from the message) and, when the position is known, the lines around it.
 */
function describeLoadError(error: unknown, t: { file: string; shown: string }): { message: string; where?: string } {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, "");
  const escaped = t.shown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const absolute = resolve(t.file).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const at = text.match(new RegExp(`(?:${escaped}|${absolute}):(\\d+):(\\d+)`));
  const kept = text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !/^[╭│╰─]/.test(l) && !/^Transform failed/.test(l));
  const reason = (kept[0] ?? "").replace(/^\[[A-Z_]+\]\s*/, "");
  const name = error instanceof Error && error.name !== "Error" ? `${error.name}: ` : "";
  if (at) {
    const line = Number(at[1]);
    const column = Number(at[2]);
    const source = readSource(t.file);
    return {
      message: `${t.shown} could not be loaded: ${name}${reason || "syntax error"} at line ${line}, column ${column}`,
      where: `${t.shown}:${line}:${column}${source ? `\n${codeFrame(source, line, column)}` : ""}`,
    };
  }
  return { message: `${t.shown} could not be loaded: ${firstLines(error)}`, where: locateInFile(error, t.file, t.shown) };
}

/** An error's message, first few non-empty lines, without the stack or terminal colours. */
export function firstLines(error: unknown, lines = 4): string {
  const text = (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, "");
  const kept = text.split("\n").filter((line) => line.trim() !== "").slice(0, lines).join("\n");
  const name = error instanceof Error && !["Error", "GradeFailure", "NotImplemented", "AssertionError", "TimeLimit"].includes(error.name)
    ? `${error.name}: ` : "";
  return name + kept;
}

// ---------------------------------------------------------------------------------------------
// Assertions in plain words. `what` names the call being checked, e.g. "softmax([1, 2, 3])".

/** Numbers as a student would write them: up to 6 significant digits. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

export function formatList(values: ArrayLike<number>, max = 8): string {
  const shown = Array.from(values).slice(0, max).map(formatNumber);
  return `[${shown.join(", ")}${values.length > max ? `, … (${values.length} values)` : ""}]`;
}

/** Relative-or-absolute closeness, suited to float32 results. */
export function close(actual: number, expected: number, tolerance = 1e-5): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tolerance + 1e-4 * Math.abs(expected);
}

/** Checks that `actual` is a plain number. */
export function expectNumber(actual: unknown, what: string): asserts actual is number {
  if (typeof actual !== "number") {
    const got = actual === null ? "null" : typeof actual === "object" ? (actual.constructor?.name ?? "an object") : typeof actual;
    throw new GradeFailure(`${what} should return a number, got ${got}${got === "Tensor" ? " (use .item() or return a sum)" : ""}`);
  }
}

export function expectClose(actual: unknown, expected: number, what: string, tolerance = 1e-5): void {
  expectNumber(actual, what);
  if (!close(actual, expected, tolerance)) {
    throw new GradeFailure(`${what} returned ${formatNumber(actual)}, expected ${formatNumber(expected)}`);
  }
}

/** Anything with a shape and flat data: a Tensor. Checked by duck typing, so no library import here. */
export interface TensorLike {
  shape: number[];
  data: ArrayLike<number>;
}

export function expectTensor(actual: unknown, what: string): asserts actual is TensorLike {
  const t = actual as Partial<TensorLike> | null;
  if (t === null || typeof t !== "object" || !Array.isArray(t.shape) || t.data === undefined) {
    throw new GradeFailure(`${what} should return a Tensor, got ${t === null ? "null" : typeof t === "object" ? (t.constructor?.name ?? "an object") : typeof t}`);
  }
}

export function expectShape(actual: unknown, shape: number[], what: string): void {
  expectTensor(actual, what);
  if (actual.shape.length !== shape.length || actual.shape.some((n, i) => n !== shape[i])) {
    throw new GradeFailure(`${what} returned shape [${actual.shape.join(", ")}], expected [${shape.join(", ")}]`);
  }
}

/** Checks a tensor's shape, then each value against `expected` (same length, row-major). */
export function expectValues(actual: unknown, expected: ArrayLike<number>, shape: number[], what: string, tolerance = 1e-5): void {
  expectShape(actual, shape, what);
  const got = (actual as TensorLike).data;
  for (let i = 0; i < expected.length; i++) {
    if (!close(got[i], expected[i], tolerance)) {
      throw new GradeFailure(
        `${what} returned ${formatList(got)}, expected ${formatList(expected)}: value ${i} is ${formatNumber(got[i])}, expected ${formatNumber(expected[i])}`,
      );
    }
  }
}

export function expectTrue(condition: boolean, message: string): void {
  if (!condition) throw new GradeFailure(message);
}

/**
 * Checks that `call` throws. NotImplemented and the kit's own failures (the module did not load, an
 * export is missing) are passed on: they do not count as the error the exercise asks for.
 */
export function expectThrows(call: () => unknown, what: string): void {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    if (isGraderError(error)) throw error;
    return;
  }
  const shown = typeof result === "number" ? formatNumber(result) : typeof result;
  throw new GradeFailure(`${what} should throw an error, but it returned ${shown}`);
}

// ---------------------------------------------------------------------------------------------
// "Inputs are left unchanged": one helper for every exercise.

/** A deep copy of what a value holds, taken before a call to compare with after it. */
type Snapshot =
  | { kind: "plain"; value: unknown }
  | { kind: "tensor"; shape: number[]; dtype: unknown; data: number[] }
  | { kind: "typed"; values: number[] }
  | { kind: "array"; items: Snapshot[] }
  | { kind: "object"; ref: object; entries: [string, Snapshot][] };

function isTensorLike(value: object): value is TensorLike & { dtype?: unknown } {
  const t = value as Partial<TensorLike>;
  return Array.isArray(t.shape) && t.data !== undefined && ArrayBuffer.isView(t.data);
}

function snapshot(value: unknown, seen: Set<object>): Snapshot {
  if (value === null || typeof value !== "object" || seen.has(value)) return { kind: "plain", value };
  seen.add(value);
  if (isTensorLike(value)) {
    return { kind: "tensor", shape: [...value.shape], dtype: value.dtype, data: Array.from(value.data, Number) };
  }
  if (ArrayBuffer.isView(value)) return { kind: "typed", values: Array.from(value as unknown as ArrayLike<number>, Number) };
  if (Array.isArray(value)) return { kind: "array", items: value.map((item) => snapshot(item, seen)) };
  // A plain object (e.g. { wq, wk, wv, wo }): its own properties; functions are compared by identity.
  return { kind: "object", ref: value, entries: Object.entries(value).map(([k, v]) => [k, snapshot(v, seen)]) };
}

const show = (x: unknown) => (typeof x === "number" ? formatNumber(x) : String(x));

/** What changed between a snapshot and the value now, as words ("x: value 3 was 2, is now 0.5"), or undefined. */
function changeOf(before: Snapshot, now: unknown, path: string): string | undefined {
  switch (before.kind) {
    case "plain":
      if (Object.is(before.value, now)) return undefined;
      return typeof before.value === "function" || typeof now === "function" || (typeof now === "object" && now !== null)
        ? `${path} was replaced by another value`
        : `${path} was ${show(before.value)}, is now ${show(now)}`;
    case "tensor": {
      const t = now as TensorLike & { dtype?: unknown };
      const shape = t.shape.join(", ");
      if (shape !== before.shape.join(", ")) return `${path} had shape [${before.shape.join(", ")}], now [${shape}]`;
      if (t.dtype !== before.dtype) return `${path} had dtype ${show(before.dtype)}, now ${show(t.dtype)}`;
      return changedValue(before.data, t.data, `${path} (a Tensor)`);
    }
    case "typed":
      return changedValue(before.values, now as ArrayLike<number>, path);
    case "array": {
      const list = now as unknown[];
      if (list.length !== before.items.length) {
        return `${path} had length ${before.items.length}, now ${list.length} (push, pop, shift, splice and length = … change the caller's array)`;
      }
      for (let i = 0; i < list.length; i++) {
        const change = changeOf(before.items[i], list[i], `${path}[${i}]`);
        if (change) return change;
      }
      return undefined;
    }
    case "object": {
      for (const [key, item] of before.entries) {
        const change = changeOf(item, (now as Record<string, unknown>)[key], `${path}.${key}`);
        if (change) return change;
      }
      return undefined;
    }
  }
}

function changedValue(before: number[], now: ArrayLike<number>, path: string): string | undefined {
  if (now.length !== before.length) return `${path} had ${before.length} values, now ${now.length}`;
  for (let i = 0; i < before.length; i++) {
    if (!Object.is(Number(now[i]), before[i])) {
      return `${path}: value ${i} was ${formatNumber(before[i])}, is now ${formatNumber(Number(now[i]))} (${formatList(before)} became ${formatList(Array.from(now, Number))})`;
    }
  }
  return undefined;
}

/**
 * Runs `call` and checks that it left every one of `inputs` exactly as it was: each is deep-copied
 * before the call (tensors' shape, dtype and data; typed arrays; nested arrays; the properties of plain
 * objects) and compared after it. Returns the call's result, so the test can pin its value too.
 *
 *   const y = expectInputsUnchanged("softmax(x)", { x }, () => tour.softmax(x));
 */
export function expectInputsUnchanged<R>(what: string, inputs: Record<string, unknown>, call: () => R): R {
  const before = Object.entries(inputs).map(([name, value]) => ({ name, value, snap: snapshot(value, new Set()) }));
  const result = call();
  for (const { name, value, snap } of before) {
    const change = changeOf(snap, value, name);
    if (change) {
      throw new GradeFailure(
        `${what} changed its input: ${change}. Read the arguments, never write into them: build the result in a new tensor or array (no writes into .data, no sort/reverse/push/shift on an argument array).`,
      );
    }
  }
  return result;
}
