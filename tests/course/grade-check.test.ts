// check() as a notebook calls it: grades in a child process, shows the table, returns a summary.
import { describe, expect, test, vi } from "vitest";
import { check, CheckResult } from "qkv";
import { inspect } from "node:util";

describe("check()", () => {
  test("grades one exercise of the solutions and shows the score table and no failures", async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => { printed.push(args.join(" ")); });
    let result: CheckResult;
    try {
      result = await check("00.3", { target: "solutions" });
    } finally {
      spy.mockRestore();
    }
    expect(result).toBeInstanceOf(CheckResult);
    expect(result.passed).toBe(true);
    expect(result.earned).toBe(result.points);
    expect(result.report.exercises.map((e) => e.id)).toEqual(["00.3"]);
    expect(inspect(result)).toBe(`00.3: ${result.points}/${result.points} points — all tests pass`);
    expect(printed.join("\n")).toMatch(/lesson\s+exercise\s+points\s+status/);
    expect(printed.join("\n")).toMatch(/00\s+00\.3\s+4\/4\s+pass/);
  }, 60_000);

  test("shows what went wrong and the hint for a wrong answer", async () => {
    const printed: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => { printed.push(args.join(" ")); });
    let result: CheckResult;
    try {
      result = await check("00.3", { target: "tests/mutants/00-tour/00.3-nan-for-zero.ts" });
    } finally {
      spy.mockRestore();
    }
    expect(result.passed).toBe(false);
    expect(String(result)).toBe("00.3: 3/4 points — 00.3 partial");
    const text = printed.join("\n");
    expect(text).toMatch(/✗ gives 0 when a vector is all zeros/);
    expect(text).toMatch(/what went wrong: cosineSimilarity\(\[0, 0, 0\], \[1, 2, 3\]\) returned NaN, expected 0/);
    expect(text).toMatch(/hint: A zero vector has length 0/);
  }, 60_000);
});
