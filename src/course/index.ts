// course: the tools around the lessons. Public exports are listed here one by one; the rest of
// src/course is internal. Keep this module light: heavy tools load on first use.

// Exercises and grading: stubs throw NotImplemented; check("04.2") grades from a notebook.
export { NotImplemented } from "./grade-types.js";
export type { GradeReport, ExerciseResult, TestResult, ExerciseStatus, TestStatus } from "./grade-types.js";
export { check, CheckResult } from "./check.js";
export type { CheckOptions } from "./check.js";
