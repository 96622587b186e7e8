// Notebooks type-check against declaration files in .types/ (fast), made from src/ by `prepare` and
// refreshed when src/ changes; the project's own tools keep using src/ through "exports".
import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TYPES_DIR } from "../../src/course/kernel-types.js";

const repo = join(import.meta.dirname, "..", "..");

describe("the library's declarations for notebooks", () => {
  test("package.json sends old-style resolution (tslab) to .types/ and everything else to src/", () => {
    const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { types: string; exports: Record<string, string> };
    expect(pkg.types).toBe(`./${TYPES_DIR}/index.d.ts`);
    expect(pkg.exports["."]).toBe("./src/index.ts");
    expect(readFileSync(join(repo, ".gitignore"), "utf8").split("\n")).toContain(`${TYPES_DIR}/`);
  });
});
