// `npm run grade:verify` as part of `npm run test:slow` (CI runs it): the graders must give the solutions full marks, the
// untouched stubs zero, and catch every mutant (tests/mutants/NN-slug/LL.N-*.ts), two or more per exercise.
// A second verification with decoys shows that verify itself fails when it should.
import { beforeAll, describe, expect, test } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { formatVerify, MUTANTS_PER_EXERCISE, verifyGraders, type VerifyReport } from "../../src/course/grade-verify.js";

const root = join(import.meta.dirname, "..", "..");
let report: VerifyReport;
let decoyReport: VerifyReport;
let decoyDir: string;

/** Verification with a "mutant" that behaves exactly like the solution, and the solutions posing as stubs. */
async function verifyWithDecoys(): Promise<VerifyReport> {
  mkdirSync(join(root, "test-output"), { recursive: true });
  const dir = mkdtempSync(join(root, "test-output", "verify-decoys-"));
  decoyDir = relative(root, dir);
  try {
    mkdirSync(join(dir, "00-tour"));
    writeFileSync(join(dir, "00-tour", "00.1-same-as-solution.ts"), 'export * from "../../../solutions/00-tour.js";\n');
    return await verifyGraders({ mutantsDir: decoyDir, stubsDir: "solutions" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  // Both at once: each waits mostly on its vitest children.
  [report, decoyReport] = await Promise.all([verifyGraders(), verifyWithDecoys()]);
  console.log(formatVerify(report));
}, 240_000);

describe("grade:verify", () => {
  test("passes: no problems found", () => {
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  test("the solutions score 100% and the stubs 0 on every exercise", () => {
    expect(report.lessons).toBeGreaterThanOrEqual(1);
    expect(report.exercises).toBeGreaterThanOrEqual(3);
    expect(report.solutions.points).toBeGreaterThan(0);
    expect(report.solutions.earned).toBe(report.solutions.points);
    expect(report.stubs.exercises).toBe(report.exercises);
    expect(report.stubs.exercisesAtZero).toBe(report.exercises);
  });

  test("every mutant fails a test of its own exercise, and every exercise has enough mutants", () => {
    expect(report.mutants.length).toBeGreaterThanOrEqual(MUTANTS_PER_EXERCISE * report.exercises);
    for (const m of report.mutants) {
      expect(m.caught, m.file).toBe(true);
      expect(m.failedTests.length, m.file).toBeGreaterThan(0);
      expect(m.collateral, m.file).toEqual([]);
    }
    const perExercise = new Map<string, number>();
    for (const m of report.mutants) perExercise.set(m.exercise, (perExercise.get(m.exercise) ?? 0) + 1);
    expect(perExercise.size).toBe(report.exercises);
    for (const count of perExercise.values()) expect(count).toBeGreaterThanOrEqual(MUTANTS_PER_EXERCISE);
  });
});

describe("grade:verify fails when it should", () => {
  test("a mutant the graders cannot tell from the solution, and a 'stub' that already works, are reported", () => {
    expect(decoyReport.ok).toBe(false);
    // Lesson 00's lines (other lessons add their own about stubs and missing mutants).
    expect(decoyReport.problems.filter((p) => /\b00\.\d/.test(p))).toEqual([
      "the stub of 00.1 scores 4/4; tests not reporting \"not implemented\": \"multiplies element by element and adds up\" (pass), \"is symmetric and leaves its inputs alone\" (pass), \"rejects vectors of different lengths\" (pass)",
      "the stub of 00.2 scores 5/5; tests not reporting \"not implemented\": \"gives the library's probabilities\" (pass), \"returns a new tensor and leaves its input alone\" (pass), \"is numerically stable for large and very negative inputs\" (pass), \"gives zeros for a fully masked (all -Infinity) input\" (pass)",
      "the stub of 00.3 scores 6/6; tests not reporting \"not implemented\": \"gives the cosine of the angle\" (pass), \"ignores the vectors' lengths\" (pass), \"gives 0 when a vector is all zeros\" (pass), \"is exact for tiny and huge vectors (no epsilon)\" (pass), \"leaves its inputs alone\" (pass)",
      "the stub of 00.4 scores 4/4; tests not reporting \"not implemented\": \"q1: softmax of a small vector\" (pass), \"q2: temperature\" (pass), \"q3: why subtract the maximum\" (pass), \"q4: cosine similarity\" (pass)",
      `${decoyDir}/00-tour/00.1-same-as-solution.ts passes every test of 00.1: the grader misses this mistake`,
      "00.1 has 1 mutant(s); at least 2 are needed",
      "00.2 has 0 mutant(s); at least 2 are needed",
      "00.3 has 0 mutant(s); at least 2 are needed",
      "00.4 has 0 mutant(s); at least 2 are needed",
    ]);
    expect(decoyReport.mutants).toEqual([
      { file: `${decoyDir}/00-tour/00.1-same-as-solution.ts`, exercise: "00.1", caught: false, failedTests: [], collateral: [] },
    ]);
  });
});
