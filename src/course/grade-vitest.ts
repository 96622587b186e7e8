// Grading, part 2: running the graders. Each run is a vitest child process (the way CI runs tests)
// in its own process group, watched by a watchdog.
//
// Why a child process with a watchdog: a student's `while (true) {}` blocks the vitest worker, so no
// in-process timer can fire. The grader kit (tests/graders/grader-kit.ts) appends a "start" event to an
// event log before each test and an "end" event after; the watchdog polls the log, and when a test has
// been running longer than the time limit it kills the whole vitest process group and reports which
// test was stuck (grade.ts then reruns what is left).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { GradeToolError, type GraderFile } from "./grade-select.js";
import type { TestBook } from "./grade-book.js";
import type { GradeEvent } from "./grade-types.js";

/** A run the watchdog killed because one test (or one lesson's loading) ran past the time limit. */
export type StuckRun = { kind: "test"; key: string; target: string; afterMs: number } | { kind: "load"; slug: string; target: string; afterMs: number };

export interface RunOutcome {
  events: GradeEvent[];
  /** Why the watchdog killed the run, and how long the stuck test or load had run by then. */
  killed?: StuckRun | { kind: "run" };
  code: number | null;
  stderr: string;
  stdout: string;
  json?: VitestJson;
}

export interface VitestJson {
  testResults?: { name: string; status: string; message?: string; assertionResults?: unknown[] }[];
}


/** A fresh folder under test-output/ (git-ignored, inside the repo so "qkv" resolves from it). */
export function scratchDir(root: string, prefix: string): string {
  const base = join(root, "test-output");
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, prefix));
}


export function tail(text: string, lines = 30): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** A grader file that crashed, or one that registered no tests, is the tool's failure. */
export function checkToolFailures(root: string, outcome: RunOutcome, graders: GraderFile[], books: TestBook[], wholeLessons: boolean): void {
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

export interface RunRequest {
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

export function runVitest(request: RunRequest): Promise<RunOutcome> {
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


