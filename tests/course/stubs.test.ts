// stubs/ (the exercises as shipped) and the graders stay in step: every lesson with a grader has a
// stub, and each stub exports exactly the names its solution exports. grade:verify grades stubs/.
import { describe, expect, test } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { listGraders } from "../../src/course/grade.js";
import { listStubs } from "../../src/course/grade-reset.js";
import { checkStubExports, exportedNames } from "../../src/course/grade-verify.js";

const root = join(import.meta.dirname, "..", "..");

describe("stubs/", () => {
  test("every lesson with a grader has a stub, and every stub a grader", () => {
    const graders = listGraders(root).map((g) => g.slug);
    expect(graders.length).toBeGreaterThan(0);
    expect(listStubs(root).map((s) => s.slug)).toEqual(graders);
  });

  test("each stub exports the names of its solution (read from the text, and at run time)", async () => {
    expect(checkStubExports(root, listGraders(root))).toEqual([]);
    for (const g of listGraders(root)) {
      const stub = (await import(join(root, "stubs", `${g.slug}.ts`))) as Record<string, unknown>;
      const solution = (await import(join(root, "solutions", `${g.slug}.ts`))) as Record<string, unknown>;
      expect(Object.keys(stub).sort(), g.slug).toEqual(Object.keys(solution).sort());
      for (const name of Object.keys(stub)) expect(typeof stub[name], `${g.slug} ${name}`).toBe(typeof solution[name]);
    }
  });

  test("every stub throws NotImplemented for its exercises (it is a stub, not an answer)", () => {
    for (const s of listStubs(root)) expect(readFileSync(join(root, s.file), "utf8"), s.file).toMatch(/new NotImplemented\("\d{2}\.\d+"\)/);
  });
});

describe("exportedNames", () => {
  test("reads declarations, export lists and default, not comments", () => {
    const text = [
      "// export function commented() {}",
      "/** export const alsoCommented = 1 */",
      "export function dot() {}",
      "export async function later() {}",
      "export const a = 1, b = 2;",
      "export class Model {}",
      "export interface Shape {}",
      "export type Id = string;",
      "const x = 1; const y = 2;",
      "export { x, y as why };",
      "export default x;",
    ].join("\n");
    expect(exportedNames(text)).toEqual(["Id", "Model", "Shape", "a", "default", "dot", "later", "why", "x"].sort());
  });

  test("a stub that lost an export, or gained one, is a problem naming both", () => {
    mkdirSync(join(root, "test-output"), { recursive: true });
    const dir = mkdtempSync(join(root, "test-output", "stubs-"));
    try {
      const stub = readFileSync(join(root, "stubs", "00-tour.ts"), "utf8").replace("export function dot(", "export function dotProduct(");
      writeFileSync(join(dir, "00-tour.ts"), stub);
      writeFileSync(join(dir, "99-nothing.ts"), "export {};\n");
      const problems = checkStubExports(root, listGraders(root), relative(root, dir));
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/00-tour\.ts and solutions\/00-tour\.ts export different names: the stub lacks dot; only the stub has dotProduct/);
      expect(problems[1]).toMatch(/99-nothing\.ts has no grader tests\/graders\/99-nothing\.test\.ts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
