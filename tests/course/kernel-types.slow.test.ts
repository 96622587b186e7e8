// Writing .types/ with the TypeScript compiler (slow: a whole program with the DOM and Node libraries),
// and refreshing it when src/ changes.
import { describe, expect, test } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { emitTypes, ensureTypes, sourceHash, typesAreCurrent, TYPES_DIR } from "../../src/course/kernel-types.js";

const repo = join(import.meta.dirname, "..", "..");

describe("emitTypes / ensureTypes", () => {
  test("emits declarations only for the public face, knows when src/ changed, and refreshes them", async () => {
    mkdirSync(join(repo, "test-output"), { recursive: true });
    const root = mkdtempSync(join(repo, "test-output", "types-"));
    try {
      mkdirSync(join(root, "src", "tensor"), { recursive: true });
      writeFileSync(join(root, "src", "index.ts"), 'export * from "./tensor/index.js";\n');
      writeFileSync(join(root, "src", "tensor", "index.ts"), "export function double(x: number): number {\n  return 2 * x;\n}\n");
      expect(typesAreCurrent(root)).toBe(false);
      const { files } = await emitTypes(root);
      expect(files).toBe(2);
      expect(readFileSync(join(root, TYPES_DIR, "tensor", "index.d.ts"), "utf8")).toContain("export declare function double(x: number): number;");
      expect(readFileSync(join(root, TYPES_DIR, "tensor", "index.d.ts"), "utf8")).not.toContain("2 * x");
      expect(typesAreCurrent(root)).toBe(true);

      const before = sourceHash(root);
      writeFileSync(join(root, "src", "tensor", "index.ts"), "export function double(x: number): string {\n  return String(2 * x);\n}\n");
      expect(sourceHash(root)).not.toBe(before);
      expect(typesAreCurrent(root)).toBe(false);
      const said: string[] = [];
      await ensureTypes(root, (line) => said.push(line));
      expect(said[0]).toMatch(/src\/ changed/);
      expect(readFileSync(join(root, TYPES_DIR, "tensor", "index.d.ts"), "utf8")).toContain("double(x: number): string");
      said.length = 0;
      await ensureTypes(root, (line) => said.push(line));
      expect(said).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 240_000);
});
