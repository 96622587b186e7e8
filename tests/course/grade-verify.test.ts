// `npm run grade:verify` as part of `npm test`: the graders must give the solutions full marks, the
// untouched stubs zero, and catch every mutant (tests/mutants/NN-slug/LL.N-*.ts), two or more per exercise.
import { describe, expect, test } from "vitest";
import { formatVerify, MUTANTS_PER_EXERCISE, verifyGraders, type VerifyReport } from "../../src/course/grade-verify.js";

describe("grade:verify", () => {
  let report: VerifyReport;

  test("runs the graders against solutions, stubs and every mutant", async () => {
    report = await verifyGraders();
    console.log(formatVerify(report));
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  }, 240_000);

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
  test("a mutant the graders cannot tell from the solution, and a 'stub' that already works, are reported", async () => {
    const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { join, relative } = await import("node:path");
    const root = join(import.meta.dirname, "..", "..");
    mkdirSync(join(root, "test-output"), { recursive: true });
    const decoys = mkdtempSync(join(root, "test-output", "verify-decoys-"));
    try {
      mkdirSync(join(decoys, "00-tour"));
      // Same behaviour as the reference answer: no grader can catch it, and verify must say so.
      writeFileSync(join(decoys, "00-tour", "00.1-same-as-solution.ts"), 'export * from "../../../solutions/00-tour.js";\n');
      const report = await verifyGraders({ mutantsDir: relative(root, decoys), stubsDir: "solutions" });
      expect(report.ok).toBe(false);
      const shown = relative(root, decoys);
      expect(report.problems).toEqual([
        "the stub of 00.1 scores 4/4; tests not reporting \"not implemented\": \"multiplies element by element and adds up\" (pass), \"is symmetric and leaves its inputs alone\" (pass), \"rejects vectors of different lengths\" (pass)",
        "the stub of 00.2 scores 5/5; tests not reporting \"not implemented\": \"gives the library's probabilities\" (pass), \"returns a new tensor and leaves its input alone\" (pass), \"is numerically stable for large and very negative inputs\" (pass), \"gives zeros for a fully masked (all -Infinity) input\" (pass)",
        "the stub of 00.3 scores 4/4; tests not reporting \"not implemented\": \"gives the cosine of the angle\" (pass), \"ignores the vectors' lengths\" (pass), \"gives 0 when a vector is all zeros\" (pass)",
        `${shown}/00-tour/00.1-same-as-solution.ts passes every test of 00.1: the grader misses this mistake`,
        "00.1 has 1 mutant(s); at least 2 are needed",
        "00.2 has 0 mutant(s); at least 2 are needed",
        "00.3 has 0 mutant(s); at least 2 are needed",
      ]);
      expect(report.mutants).toEqual([
        { file: `${shown}/00-tour/00.1-same-as-solution.ts`, exercise: "00.1", caught: false, failedTests: [], collateral: [] },
      ]);
    } finally {
      rmSync(decoys, { recursive: true, force: true });
    }
  }, 120_000);
});
