// check() as a notebook calls it: grades in a child process, shows the table, returns a summary.
import { describe, expect, test, vi } from "vitest";
import { check, CheckResult } from "qkv";
import { inspect } from "node:util";
import { readFileSync } from "node:fs";
import { join } from "node:path";

describe("check()", () => {
  test("grades in a child process, shows the table, what went wrong and the hint; returns a summary", async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => { printed.push(args.join(" ")); });
    let result: CheckResult;
    try {
      result = await check("00.3", { target: "tests/mutants/00-tour/00.3-nan-for-zero.ts" });
    } finally {
      spy.mockRestore();
    }
    expect(result).toBeInstanceOf(CheckResult);
    expect(result.passed).toBe(false);
    expect([result.earned, result.points]).toEqual([5, 6]);
    expect(result.report.exercises.map((e) => e.id)).toEqual(["00.3"]);
    expect(String(result)).toBe("00.3: 5/6 points — 00.3 partly right");
    expect(inspect(result)).toBe(String(result));
    const text = printed.join("\n");
    expect(text).toMatch(/lesson\s+exercise\s+points\s+status/);
    expect(text).toMatch(/00\s+00\.3\s+5\/6\s+partly right/);
    expect(text).toMatch(/✗ gives 0 when a vector is all zeros/);
    expect(text).toMatch(/what went wrong: cosineSimilarity\(\[0, 0, 0\], \[1, 2, 3\]\) returned NaN, expected 0/);
    expect(text).toMatch(/hint: A zero vector has length 0/);
  }, 240_000);
});

describe("import \"qkv\" stays light", () => {
  // check.ts and the course index may load the grade runner and viz only on first use (await import).
  const loadTimeImports = (file: string): string[] => {
    const source = readFileSync(join(import.meta.dirname, "..", "..", file), "utf8");
    return [...source.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]);
  };

  test("check.ts loads only the tiny grade-types.js up front", () => {
    expect(loadTimeImports("src/course/check.ts")).toEqual(["./grade-types.js"]);
  });

  test("the course index does not load the grade runner, verify or reset", () => {
    const heavy = loadTimeImports("src/course/index.ts").filter((spec) => /^\.\/grade(?!-types\.js$)/.test(spec));
    expect(heavy).toEqual([]);
  });
});

describe("check() cells of one lesson", () => {
  test("share one grading of the lesson while the files are unchanged, each showing only its own exercise", async () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    let first: CheckResult, second: CheckResult, whole: CheckResult;
    try {
      first = await check("00.1", { target: "solutions" });
      second = await check("00.2", { target: "solutions" });
      whole = await check("00", { target: "solutions" });
    } finally {
      spy.mockRestore();
    }
    expect(first.report.exercises.map((e) => e.id)).toEqual(["00.1"]);
    expect(second.report.exercises.map((e) => e.id)).toEqual(["00.2"]);
    expect(whole.report.exercises.map((e) => e.id)).toEqual(["00.1", "00.2", "00.3", "00.4"]);
    expect([second.earned, second.points]).toEqual([whole.report.exercises[1]!.earned, whole.report.exercises[1]!.points]);
    expect(second.passed).toBe(true);
    // One vitest run graded the lesson: the three reports come from the same grading.
    expect(second.report.gradedAt).toBe(first.report.gradedAt);
    expect(whole.report.gradedAt).toBe(first.report.gradedAt);
    expect(whole.earned).toBe(whole.points);
  }, 120_000);
});
