// exercises:reset on a throw-away git repository: the student's file is backed up with a time
// stamp, the stub comes back from git HEAD, and a second reset changes nothing.
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resetExercises } from "../../src/course/grade-reset.js";

const root = join(import.meta.dirname, "..", "..");

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync("git", ["-c", "user.name=qkv test", "-c", "user.email=test@example.invalid", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

describe("exercises:reset", () => {
  test("backs up the student's file, restores git HEAD's stub, and is idempotent", () => {
    mkdirSync(join(root, "test-output"), { recursive: true });
    const repo = mkdtempSync(join(root, "test-output", "reset-"));
    try {
      mkdirSync(join(repo, "exercises"));
      const stub = 'export function dot(): number {\n  throw new Error("00.1 not implemented yet");\n}\n';
      writeFileSync(join(repo, "exercises", "00-tour.ts"), stub);
      git(repo, "init", "-q");
      git(repo, "add", "exercises/00-tour.ts");
      git(repo, "commit", "-q", "-m", "stub");
      const answer = "export function dot(): number {\n  return 42;\n}\n";
      writeFileSync(join(repo, "exercises", "00-tour.ts"), answer);

      const [result] = resetExercises(repo, ["00"], new Date("2026-11-26T08:40:05.123Z"));
      expect(result).toEqual({
        file: "exercises/00-tour.ts",
        action: "restored",
        backup: "exercises/.backup/00-tour.2026-11-26T08-40-05-123Z.ts",
      });
      expect(readFileSync(join(repo, "exercises", "00-tour.ts"), "utf8")).toBe(stub);
      expect(readFileSync(join(repo, result.backup!), "utf8")).toBe(answer);

      expect(resetExercises(repo, ["0"])).toEqual([{ file: "exercises/00-tour.ts", action: "unchanged" }]);
      expect(readdirSync(join(repo, "exercises", ".backup"))).toHaveLength(1);

      expect(() => resetExercises(repo, ["07"])).toThrow(/no exercises\/07-\*\.ts \(lessons with exercises: 00\)/);
      expect(() => resetExercises(repo, [])).toThrow(/name the lesson/);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  test("refuses (and changes nothing) when git has no stub to restore", () => {
    const repo = mkdtempSync(join(root, "test-output", "reset-"));
    try {
      mkdirSync(join(repo, "exercises"));
      git(repo, "init", "-q");
      writeFileSync(join(repo, "exercises", "00-tour.ts"), "// student work\n");
      expect(() => resetExercises(repo, ["00"])).toThrow(/cannot read the stub of exercises\/00-tour\.ts from git HEAD/);
      expect(readFileSync(join(repo, "exercises", "00-tour.ts"), "utf8")).toBe("// student work\n");
      expect(existsSync(join(repo, "exercises", ".backup"))).toBe(false);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
