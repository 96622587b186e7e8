// exercises:reset copies the shipped stub from stubs/, so it works the way students work: after they
// commit their answers, without git at all (a ZIP), and when the exercise file was deleted. The
// student's file is always backed up first.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listStubs, resetExercises } from "../../src/course/grade-reset.js";

const STUB = 'export function dot(): number {\n  throw new Error("00.1 not implemented yet");\n}\n';
const ANSWER = "export function dot(): number {\n  return 42;\n}\n";

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync("git", ["-c", "user.name=qkv test", "-c", "user.email=test@example.invalid", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
}

let repo: string;
beforeEach(() => {
  // Under the system temp folder, so no enclosing git repository can answer for this one.
  repo = mkdtempSync(join(tmpdir(), "qkv-reset-"));
  mkdirSync(join(repo, "stubs"));
  mkdirSync(join(repo, "exercises"));
  writeFileSync(join(repo, "stubs", "00-tour.ts"), STUB);
  writeFileSync(join(repo, "exercises", "00-tour.ts"), STUB);
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe("exercises:reset", () => {
  test("after the student commits their answers, reset still restores the shipped stub (not git HEAD)", () => {
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "the course as shipped");
    writeFileSync(join(repo, "exercises", "00-tour.ts"), ANSWER);
    git(repo, "commit", "-q", "-am", "my 00 work");

    const [result] = resetExercises(repo, ["00"], new Date("2026-11-26T08:40:05.123Z"));
    expect(result).toEqual({ file: "exercises/00-tour.ts", action: "restored", backup: "exercises/.backup/00-tour.2026-11-26T08-40-05-123Z.ts" });
    expect(readFileSync(join(repo, "exercises", "00-tour.ts"), "utf8")).toBe(STUB);
    expect(readFileSync(join(repo, result.backup!), "utf8")).toBe(ANSWER);

    // a second reset finds the stub in place and changes nothing
    expect(resetExercises(repo, ["0"])).toEqual([{ file: "exercises/00-tour.ts", action: "unchanged" }]);
    expect(readdirSync(join(repo, "exercises", ".backup"))).toHaveLength(1);
  });

  test("works without git (the course downloaded as a ZIP)", () => {
    expect(existsSync(join(repo, ".git"))).toBe(false);
    writeFileSync(join(repo, "exercises", "00-tour.ts"), ANSWER);
    const [result] = resetExercises(repo, ["00-tour"]);
    expect(result.action).toBe("restored");
    expect(readFileSync(join(repo, "exercises", "00-tour.ts"), "utf8")).toBe(STUB);
    expect(readFileSync(join(repo, result.backup!), "utf8")).toBe(ANSWER);
  });

  test("brings back a deleted exercise file", () => {
    unlinkSync(join(repo, "exercises", "00-tour.ts"));
    expect(resetExercises(repo, ["00"])).toEqual([{ file: "exercises/00-tour.ts", action: "created" }]);
    expect(readFileSync(join(repo, "exercises", "00-tour.ts"), "utf8")).toBe(STUB);
    expect(existsSync(join(repo, "exercises", ".backup"))).toBe(false);
  });

  test("picks up whatever stubs/NN-*.ts exist, and names them when asked for another lesson", () => {
    writeFileSync(join(repo, "stubs", "09-decoder.ts"), STUB);
    writeFileSync(join(repo, "stubs", "README.md"), "not a stub");
    expect(listStubs(repo).map((s) => s.file)).toEqual(["stubs/00-tour.ts", "stubs/09-decoder.ts"]);
    expect(resetExercises(repo, ["9"])).toEqual([{ file: "exercises/09-decoder.ts", action: "created" }]);
    expect(() => resetExercises(repo, ["07"])).toThrow(/no stubs\/07-\*\.ts \(lessons with exercises: 00, 09\)/);
    expect(() => resetExercises(repo, [])).toThrow(/name the lesson/);
    expect(() => resetExercises(repo, ["x1"])).toThrow(/"x1" is not a lesson number/);
  });
});
