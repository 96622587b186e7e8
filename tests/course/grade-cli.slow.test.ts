// `npm run grade` end to end (scripts/grade.ts in a child process): the table, hints, grades.json,
// exit codes, the --solutions switch, and that grading leaves exercises/ untouched.
import { describe, expect, test } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { GradeReport } from "../../src/course/grade-types.js";

const root = join(import.meta.dirname, "..", "..");
const out = join(root, "test-output", "grade-cli");

/** Runs `npm run grade -- …args` (without npm), asynchronously so the tests below can overlap. */
function gradeCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return gradeCliWithEnv({}, ...args);
}

function gradeCliWithEnv(extraEnv: Record<string, string>, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/grade.ts", ...args], {
      cwd: root,
      env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST") && k !== "QKV_TARGET")), ...extraEnv },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on("data", (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Names and contents of every file under exercises/ (the student's work), as one hash. */
function hashTree(dir: string): string {
  const hash = createHash("sha256");
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(d, entry.name);
      hash.update(path);
      if (entry.isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest("hex");
}

/**
 * `git status` of a folder, measured against a fixed commit (others may commit while this runs, in a
 * shared checkout): what differs from that commit, and what git does not track.
 */
function gitStatus(path: string, commit: string): string {
  const diff = spawnSync("git", ["diff", "--name-status", commit, "--", path], { cwd: root, encoding: "utf8" }).stdout;
  const untracked = spawnSync("git", ["ls-files", "--others", "--exclude-standard", "--", path], { cwd: root, encoding: "utf8" }).stdout;
  return diff + "\n" + untracked;
}

describe.concurrent("npm run grade", () => {
  mkdirSync(out, { recursive: true });

  test("grades exercises/ by default, prints the table, writes the report, leaves exercises/ unchanged", async () => {
    const beforeHash = hashTree(join(root, "exercises"));
    const commit = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).stdout.trim();
    const beforeStatus = gitStatus("exercises", commit);
    const json = join(out, "grades-default.json");
    rmSync(json, { force: true });
    // One lesson keeps this test's cost fixed as the course grows; grading everything is tested in
    // grade-lessons.test.ts (and in a one-run batch by grade:verify).
    const r = await gradeCli("00", "--json", json);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lesson\s+exercise\s+points\s+status$/m);
    for (const id of ["00.1", "00.2", "00.3", "00.4"]) expect(r.stdout).toMatch(new RegExp(`^00\\s+${id.replace(".", "\\.")}\\s+\\d+/\\d+\\s+\\S`, "m"));
    const report = JSON.parse(readFileSync(json, "utf8")) as GradeReport;
    expect(report.target).toBe("exercises");
    expect(report.exercises.filter((e) => e.lesson === "00").map((e) => e.id)).toEqual(["00.1", "00.2", "00.3", "00.4"]);
    expect(report.earned).toBeLessThanOrEqual(report.points);
    expect(hashTree(join(root, "exercises"))).toBe(beforeHash);
    expect(gitStatus("exercises", commit)).toBe(beforeStatus);
  }, 240_000);

  test("--solutions (or QKV_TARGET=solutions) grades the reference answers: full marks, exit 0", async () => {
    const json = join(out, "grades-solutions.json");
    const envJson = join(out, "grades-solutions-env.json");
    const [flag, env] = await Promise.all([
      gradeCli("--solutions", "00.2", "--json", json),
      gradeCliWithEnv({ QKV_TARGET: "solutions" }, "00.3", "--json", envJson),
    ]);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toMatch(/^00\s+00\.2\s+5\/5\s+pass$/m);
    const report = JSON.parse(readFileSync(json, "utf8")) as GradeReport;
    expect([report.target, report.exercises.map((e) => [e.id, e.status])]).toEqual(["solutions", [["00.2", "pass"]]]);
    expect(env.code).toBe(0);
    const envReport = JSON.parse(readFileSync(envJson, "utf8")) as GradeReport;
    expect([envReport.target, envReport.exercises.map((e) => [e.id, e.status])]).toEqual(["solutions", [["00.3", "pass"]]]);
  }, 240_000);

  test("a wrong answer is a report (exit 0) with the hint and what went wrong in words", async () => {
    const r = await gradeCli("--target", "tests/mutants/00-tour/00.2-no-max-shift.ts", "--json", join(out, "grades-mutant.json"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^00\s+00\.2\s+\d\/5\s+partly right$/m);
    expect(r.stdout).toMatch(/✗ is numerically stable for large and very negative inputs/);
    expect(r.stdout).toMatch(/what went wrong: softmax\(\[1000, 1001\]\) returned \[NaN, NaN\], expected \[0\.268941, 0\.731059\]/);
    expect(r.stdout).toMatch(/hint: exp\(1000\) is Infinity/);
  }, 240_000);

  test("the tool's own failures exit non-zero: an unknown lesson (1), a bad option (2)", async () => {
    const [unknown, unknownExercise, bad] = await Promise.all([
      gradeCli("99"),
      gradeCli("00.9", "--json", join(out, "unused.json")),
      gradeCli("--nope"),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/lesson 99 has no grader; graded lessons: 00/);
    expect(unknownExercise.code).toBe(1);
    expect(unknownExercise.stderr).toMatch(/there is no exercise 00\.9 \(lesson 00 has 00\.1, 00\.2, 00\.3, 00\.4\)/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option --nope/);
  }, 240_000);
});
