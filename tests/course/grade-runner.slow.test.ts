// The grade runner's handling of broken student files, and its command-line selection rules.
import { describe, expect, test } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { formatFailures, grade, GradeToolError, repoRoot, resolveSelection } from "../../src/course/grade.js";

const root = repoRoot();

/** A throw-away target folder holding one 00-tour.ts with the given source. */
function studentFile(source: string): { dir: string; cleanup: () => void } {
  mkdirSync(join(root, "test-output"), { recursive: true });
  const dir = mkdtempSync(join(root, "test-output", "grade-runner-"));
  writeFileSync(join(dir, "00-tour.ts"), source);
  return { dir: relative(root, dir), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe.concurrent("grade: broken student files are graded, not crashes", () => {
  test("a syntax error fails every exercise, and is reported once with the lines around the bad one", async () => {
    const source = ["// my answers", "export function dot(a, b) {", "  return 1 +;", "}", "export const after = 1;", ""].join("\n");
    const { dir, cleanup } = studentFile(source);
    try {
      const report = await grade({ target: dir, selection: ["00"] });
      expect(report.exercises.map((e) => [e.id, e.status, e.earned])).toEqual([["00.1", "fail", 0], ["00.2", "fail", 0], ["00.3", "fail", 0], ["00.4", "fail", 0]]);
      for (const e of report.exercises) {
        for (const t of e.tests) {
          expect(t.message).toMatch(/00-tour\.ts could not be loaded: .*Unexpected token.* at line 3, column \d+$/);
          expect(t.where).toMatch(new RegExp(`^${dir}/00-tour\\.ts:3:\\d+\\n`));
          // the excerpt reaches past the bad line, which is marked
          expect(t.where).toContain("> 3 |   return 1 +;");
          expect(t.where).toContain("  4 | }");
          expect(t.where).toContain("  1 | // my answers");
        }
      }
      const text = formatFailures(report);
      expect(text.match(/could not be loaded/g)).toHaveLength(1);
      expect(text).toMatch(/^00\.1, 00\.2, 00\.3, 00\.4: fail — /);
      expect(text.match(/> 3 \|   return 1 \+;/g)).toHaveLength(1);
    } finally {
      cleanup();
    }
  }, 240_000);

  test("an error thrown in the student's code names their file:line with a code frame, and shows what they printed", async () => {
    const source = [
      'import type { Tensor } from "qkv";',
      "export function dot(a: Tensor, b: Tensor): number {",
      '  console.log("sizes", a.size, b.size);',
      "  const scale = null as unknown as { factor: number };",
      "  let sum = 0;",
      "  for (let i = 0; i < a.size; i++) sum += a.data[i] * b.data[i] * scale.factor;",
      "  return sum;",
      "}",
      "",
    ].join("\n");
    const { dir, cleanup } = studentFile(source);
    try {
      const report = await grade({ target: dir, selection: ["00.1"] });
      const [dot] = report.exercises;
      const failing = dot.tests.filter((t) => t.status === "fail" && /TypeError/.test(t.message ?? ""));
      expect(failing.length).toBeGreaterThan(0);
      for (const t of failing) {
        expect(t.message).toMatch(/^TypeError: Cannot read properties of null \(reading 'factor'\)/);
        expect(t.where).toMatch(new RegExp(`^${dir}/00-tour\\.ts:6:\\d+\\n`));
        expect(t.where).toContain(">");
        expect(t.where).toMatch(/> 6 \|   for \(let i = 0/);
        expect(t.output).toMatch(/^sizes \d+ \d+$/m);
      }
      const text = formatFailures(report);
      expect(text).toContain(`where: ${dir}/00-tour.ts:6:`);
      expect(text).toMatch(/your code printed:\n\s+sizes \d+ \d+/);
    } finally {
      cleanup();
    }
  }, 240_000);

  test("a missing export is named; a wrong constant answer gets no points for the error case", async () => {
    const { dir, cleanup } = studentFile("export function dot(): number {\n  return 32;\n}\n");
    try {
      const report = await grade({ target: dir, selection: ["00.1", "00.3"] });
      const [dot, cosine] = report.exercises;
      expect(dot.id).toBe("00.1");
      expect(dot.tests.map((t) => t.status)).toEqual(["fail", "fail", "fail"]);
      expect(dot.tests[0].message).toBe("dot([-3], [4]) returned 32, expected -12");
      expect(dot.tests[1].message).toBe("dot([0.5, -2, 3, 1.25], [4, 1, -1, 2]) returned 32, expected -0.5");
      expect(dot.tests[2].message).toBe("dot([1, 2, 3], [1, 2]) (lengths 3 and 2) should throw an error, but it returned 32");
      expect(cosine.id).toBe("00.3");
      expect(cosine.tests.every((t) => t.message === `${dir}/00-tour.ts does not export "cosineSimilarity": keep the exported names of the stub`)).toBe(true);
    } finally {
      cleanup();
    }
  }, 240_000);
});

describe("grade: selection", () => {
  test("lessons, exercise ids and slugs; unknown lessons and words are the tool's errors", () => {
    expect(resolveSelection(root, []).ids).toBeNull();
    const one = resolveSelection(root, ["00.2"]);
    expect(one.graders.map((g) => g.file)).toEqual(["tests/graders/00-tour.test.ts"]);
    expect([...one.ids!]).toEqual(["00.2"]);
    expect([...resolveSelection(root, ["0"]).ids!]).toEqual(["00.*"]);
    expect([...resolveSelection(root, ["00-tour", "00.1"]).ids!]).toEqual(["00.*", "00.1"]);
    expect(() => resolveSelection(root, ["13"])).toThrow(GradeToolError);
    expect(() => resolveSelection(root, ["13"])).toThrow(/lesson 13 has no grader; graded lessons: 00/);
    expect(() => resolveSelection(root, ["softmax"])).toThrow(/"softmax" is neither a lesson \("04"\) nor an exercise id \("04\.2"\)/);
  });
});
