// `npm run exercises:reset` end to end, on a copy of the course without .git (as a ZIP download
// unpacks): it restores a changed file (backing it up) and a deleted one, from stubs/.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repo = join(import.meta.dirname, "..", "..");
let copy: string;

beforeAll(() => {
  // Under the system temp folder: no enclosing git repository. node_modules is linked, not copied.
  copy = mkdtempSync(join(tmpdir(), "qkv-zip-"));
  for (const path of ["package.json", "tsconfig.json", "src", "scripts", "stubs", "exercises", "solutions", "tests/graders"]) {
    cpSync(join(repo, path), join(copy, path), { recursive: true, filter: (p) => !p.includes(".backup") });
  }
  symlinkSync(join(repo, "node_modules"), join(copy, "node_modules"), "dir");
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function reset(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/exercises-reset.ts", ...args], {
    cwd: copy,
    encoding: "utf8",
    env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST"))),
  });
}

describe("npm run exercises:reset without git", () => {
  test("restores the stub over the student's answer, saving the answer, then finds nothing to do", () => {
    expect(existsSync(join(copy, ".git"))).toBe(false);
    const file = join(copy, "exercises", "00-tour.ts");
    const stub = readFileSync(join(copy, "stubs", "00-tour.ts"), "utf8");
    writeFileSync(file, readFileSync(join(copy, "solutions", "00-tour.ts"), "utf8"));
    const r = reset("00");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^exercises\/00-tour\.ts: restored the stub; your version is saved as exercises\/\.backup\/00-tour\.[\dT-]+Z\.ts$/m);
    expect(readFileSync(file, "utf8")).toBe(stub);
    const backups = readdirSync(join(copy, "exercises", ".backup"));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(copy, "exercises", ".backup", backups[0]!), "utf8")).toBe(readFileSync(join(copy, "solutions", "00-tour.ts"), "utf8"));
    expect(reset("00").stdout).toBe("exercises/00-tour.ts: already the stub, nothing to do\n");
  }, 120_000);

  test("brings back a deleted exercise file", () => {
    unlinkSync(join(copy, "exercises", "00-tour.ts"));
    const r = reset("0");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("exercises/00-tour.ts: was missing; wrote the stub\n");
    expect(readFileSync(join(copy, "exercises", "00-tour.ts"), "utf8")).toBe(readFileSync(join(copy, "stubs", "00-tour.ts"), "utf8"));
  }, 120_000);

  test("an unknown lesson is an error naming the lessons that have stubs", () => {
    const r = reset("42");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no stubs\/42-\*\.ts \(lessons with exercises: 00, /);
  }, 120_000);
});
