// The review at the end of each lesson ("check your understanding"): exam-style questions whose answers
// the student writes in the lesson's exercise file, as an exported object
//
//   export const review: Review = { q1: "b", q2: 0.6, … };
//
// graded like any exercise (its id is the lesson's next exercise number, e.g. 04.4): one test per
// question, one point each. An unanswered question (undefined or null) reports "not implemented", so the
// shipped stub scores 0 like every other stub. The right answers live here and in solutions/; grade:verify
// checks that the two agree (the solutions must score 100%) and that every mutant (a wrong answer) is caught.
import { NotImplemented } from "qkv";
import { GradeFailure, exercise, formatNumber } from "./grader-kit.js";

export type Choice = "a" | "b" | "c" | "d";

export interface ReviewQuestion {
  /** The property of `review` that holds the answer: "q1". */
  key: string;
  /** What the question is about, in a few words (the test title, shown in the score report). */
  topic: string;
  /** A letter for a multiple-choice question; a number (or a function computing it with the library) for a numeric one. */
  answer: Choice | number | (() => number);
  /** Numeric questions: the largest accepted absolute error (default 1% of the answer). */
  tolerance?: number;
  /** Where in the lesson to look: never the answer. */
  hint: string;
}

/** A multiple-choice answer as the student may write it: "b", "B", " b ", "(b)" or "b)". */
function readChoice(given: unknown): Choice | undefined {
  if (typeof given !== "string") return undefined;
  const letter = given.trim().toLowerCase().replace(/^\(/, "").replace(/\)$/, "").trim();
  return letter === "a" || letter === "b" || letter === "c" || letter === "d" ? letter : undefined;
}

/** A numeric answer: a finite number, or a string that is one ("0.6"). */
function readNumber(given: unknown): number | undefined {
  const value = typeof given === "number" ? given : typeof given === "string" && given.trim() !== "" ? Number(given) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Registers one graded test per question for exercise `id` ("04.4"). `lesson` is the module from
 * target(); its `review` export is read inside each test.
 */
export function reviewQuestions(id: string, lesson: { review: unknown }, questions: ReviewQuestion[]): void {
  for (const q of questions) {
    exercise(id, `${q.key}: ${q.topic}`, { points: 1, hint: q.hint }, () => {
      const review = lesson.review;
      if (typeof review !== "object" || review === null) {
        throw new GradeFailure(`review must be an object of answers, { ${q.key}: … }, got ${String(review)}`);
      }
      const given = (review as Record<string, unknown>)[q.key];
      if (given === undefined || given === null) throw new NotImplemented(id);
      if (typeof q.answer === "string") {
        const choice = readChoice(given);
        if (choice === undefined) {
          throw new GradeFailure(`review.${q.key} is multiple choice: answer with one letter, "a", "b", "c" or "d" (got ${JSON.stringify(given)})`);
        }
        if (choice !== q.answer) throw new GradeFailure(`review.${q.key}: "${choice}" is not the right choice`);
        return;
      }
      const value = readNumber(given);
      if (value === undefined) throw new GradeFailure(`review.${q.key} takes a number (e.g. 0.25), got ${JSON.stringify(given)}`);
      const expected = typeof q.answer === "function" ? q.answer() : q.answer;
      const tolerance = q.tolerance ?? 0.01 * Math.abs(expected);
      if (!(Math.abs(value - expected) <= tolerance)) {
        throw new GradeFailure(`review.${q.key}: ${formatNumber(value)} is not right (answers within ${formatNumber(tolerance)} of the right value count)`);
      }
    });
  }
}
