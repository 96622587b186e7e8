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
