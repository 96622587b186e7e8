// Grading several lessons at once, on a miniature course built in test-output/ (two lessons, plain
// number functions): an endless loop in one lesson's file must not keep the other lesson ungraded,
// including when the killed vitest run had not yet reached the other grader file; and gradeMany
// (grade:verify's batch of many targets in one vitest run) must match grading each target alone.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { grade, gradeMany } from "../../src/course/grade.js";

const realRoot = join(import.meta.dirname, "..", "..");
let root: string;

function write(path: string, text: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

beforeAll(() => {
  mkdirSync(join(realRoot, "test-output"), { recursive: true });
  root = mkdtempSync(join(realRoot, "test-output", "mini-course-"));
  write("package.json", JSON.stringify({ name: "qkv", type: "module" }));
  // Its own node_modules folder (linking each package) so that vitest's module cache for this root,
  // node_modules/.experimental-vitest-cache, is not the real one: vitest clears that cache when it
  // sees another lockfile, which would disturb other grading runs going on at the same time.
  mkdirSync(join(root, "node_modules"));
  for (const name of readdirSync(join(realRoot, "node_modules"))) {
    if (!name.startsWith(".")) symlinkSync(join(realRoot, "node_modules", name), join(root, "node_modules", name), "dir");
  }
  copyFileSync(join(realRoot, "vitest.graders.config.ts"), join(root, "vitest.graders.config.ts"));
  mkdirSync(join(root, "tests", "graders"), { recursive: true });
  copyFileSync(join(realRoot, "tests", "graders", "grader-kit.ts"), join(root, "tests", "graders", "grader-kit.ts"));
  write("tests/graders/00-alpha.test.ts", [
    'import { exercise, expectClose, target } from "./grader-kit.js";',
    'const m = target<{ inc(x: number): number; dec(x: number): number }>("00-alpha");',
    'exercise("00.1", "adds one", { points: 1, hint: "x + 1" }, () => expectClose(m.inc(1), 2, "inc(1)"));',
    'exercise("00.2", "subtracts one", { points: 1, hint: "x - 1" }, () => expectClose(m.dec(1), 0, "dec(1)"));',
  ].join("\n"));
  write("tests/graders/01-beta.test.ts", [
    'import { exercise, expectClose, target } from "./grader-kit.js";',
    'const m = target<{ twice(x: number): number }>("01-beta");',
    'exercise("01.1", "doubles", { points: 2, hint: "2 x" }, () => expectClose(m.twice(3), 6, "twice(3)"));',
  ].join("\n"));
  write("student/00-alpha.ts", "export function inc(x: number): number {\n  while (true) {}\n}\nexport function dec(x: number): number {\n  return x - 1;\n}\n");
  write("student/01-beta.ts", "export function twice(x: number): number {\n  return 2 * x;\n}\n");
  write("good/00-alpha.ts", "export const inc = (x: number) => x + 1;\nexport const dec = (x: number) => x - 1;\n");
  write("good/01-beta.ts", "export const twice = (x: number) => 2 * x;\n");
  write("wrong/01-beta.ts", "export const twice = (x: number) => x + 2;\n");
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe.concurrent("grade: several lessons", () => {
  test("a loop in lesson 00 is a timeout; the rest of 00 and all of lesson 01 are still graded", async () => {
    const report = await grade({ root, target: "student", timeLimitMs: 1500 });
    expect(report.exercises.map((e) => [e.id, e.status, e.earned, e.points])).toEqual([
      ["00.1", "timeout", 0, 1],
      ["00.2", "pass", 1, 1],
      ["01.1", "pass", 2, 2],
    ]);
    expect([report.earned, report.points]).toEqual([3, 4]);
    expect(report.runs).toBeGreaterThanOrEqual(2);
  }, 240_000);

  test("selecting one exercise of each lesson grades just those", async () => {
    const report = await grade({ root, target: "student", selection: ["00.2", "1.1"], timeLimitMs: 1500 });
    expect(report.exercises.map((e) => [e.id, e.status])).toEqual([["00.2", "pass"], ["01.1", "pass"]]);
    expect(report.runs).toBe(1);
  }, 240_000);

  test("gradeMany: one vitest run, each target graded on the lessons it applies to", async () => {
    const { reports, runs } = await gradeMany(["good", "wrong/01-beta.ts"], { root, timeLimitMs: 1500 });
    expect(runs).toBe(1);
    expect(reports.map((r) => r.target)).toEqual(["good", "wrong/01-beta.ts"]);
    expect(reports[0].exercises.map((e) => [e.id, e.status])).toEqual([["00.1", "pass"], ["00.2", "pass"], ["01.1", "pass"]]);
    // A single file serves only the lesson in its path.
    expect(reports[1].exercises.map((e) => [e.id, e.status, e.tests[0].message])).toEqual([["01.1", "fail", "twice(3) returned 5, expected 6"]]);
  }, 240_000);

  test("gradeMany: when a target loops, every target is graded on its own instead", async () => {
    const { reports, runs } = await gradeMany(["good", "student"], { root, timeLimitMs: 1500 });
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(reports[0].exercises.map((e) => [e.id, e.status])).toEqual([["00.1", "pass"], ["00.2", "pass"], ["01.1", "pass"]]);
    expect(reports[1].exercises.map((e) => [e.id, e.status])).toEqual([["00.1", "timeout"], ["00.2", "pass"], ["01.1", "pass"]]);
  }, 240_000);
});
