// Grader for lesson 05 (masking): exercises 05.1 causalMask, 05.2 maskedSoftmax, 05.3 paddingMask.
// The library is the oracle (its causalMask, paddingMask, maskedFill and softmax); hand-written cases
// pin the convention: TRUE = may be attended to.
import { Rng, causalMask as libraryCausalMask, paddingMask as libraryPaddingMask, randn, tensor, type Tensor } from "qkv";
import { exercise, expectInputsUnchanged, expectShape, expectThrows, expectTrue, expectValues, formatList, target } from "./grader-kit.js";

type Masking = typeof import("../../solutions/05-masking.js");
const lesson = target<Masking>("05-masking");

/** A tensor's values as plain numbers (bool tensors give 0 / 1). */
const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
const bool = (rows: boolean[][]) => tensor(rows, { dtype: "bool" });
/** The oracle: -Infinity on blocked keys, then the library's softmax (fully masked rows -> zeros). */
const libraryMaskedSoftmax = (scores: Tensor, mask: Tensor) => scores.maskedFill(mask.logicalNot(), -Infinity).softmax(-1);

function expectBool(t: unknown, what: string): void {
  expectTrue((t as Tensor).dtype === "bool", `${what} returned a ${(t as Tensor).dtype} tensor; a mask must be bool (dtype: "bool")`);
}

/** A mask printed as rows of 1 / 0, for messages. */
function rowsOf(t: Tensor): string {
  const [rows, cols] = [t.shape[0], t.shape[t.ndim - 1]];
  const v = values(t);
  return Array.from({ length: rows }, (_, i) => v.slice(i * cols, (i + 1) * cols).join("")).join(" / ");
}

// ---- 05.1 causalMask -----------------------------------------------------------------------

exercise("05.1", "lets each token see itself and earlier tokens only", {
  points: 2,
  hint: "Entry (i, j) is true exactly when j <= i: row i allows columns 0..i, the diagonal included, and nothing to its right. True means MAY attend (not blocked).",
}, () => {
  expectValues(lesson.causalMask(3), [1, 0, 0, 1, 1, 0, 1, 1, 1], [3, 3], "causalMask(3)");
  for (const T of [1, 2, 5, 9]) {
    const got = lesson.causalMask(T);
    const want = libraryCausalMask(T);
    expectShape(got, [T, T], `causalMask(${T})`);
    expectTrue(values(got).every((v, i) => v === want.data[i]),
      `causalMask(${T}) returned rows ${rowsOf(got)}, expected ${rowsOf(want)} (1 = may attend)`);
  }
});

exercise("05.1", "returns a bool tensor with i + 1 allowed keys in row i", {
  points: 1,
  hint: "Build the data in a Uint8Array (or nested booleans) and create the tensor with dtype \"bool\"; row i must have exactly i + 1 true entries.",
}, () => {
  const T = 7;
  const got = lesson.causalMask(T);
  expectBool(got, `causalMask(${T})`);
  const v = values(got);
  for (let i = 0; i < T; i++) {
    const allowed = v.slice(i * T, (i + 1) * T).filter((x) => x === 1).length;
    expectTrue(allowed === i + 1, `causalMask(${T}): row ${i} allows ${allowed} keys, expected ${i + 1} (itself and the ${i} before it)`);
  }
});

exercise("05.1", "rejects a length that is not a positive integer", {
  points: 1,
  hint: "Check T first: throw an Error naming T when it is 0, negative or not a whole number.",
}, () => {
  expectThrows(() => lesson.causalMask(0), "causalMask(0)");
  expectThrows(() => lesson.causalMask(-2), "causalMask(-2)");
  expectThrows(() => lesson.causalMask(2.5), "causalMask(2.5)");
});

// ---- 05.2 maskedSoftmax --------------------------------------------------------------------

exercise("05.2", "gives the library's masked attention weights", {
  points: 2,
  hint: "Set the BLOCKED scores (mask false) to -Infinity, then take the softmax over the last axis. Masking after the softmax leaves rows that no longer sum to 1.",
}, () => {
  expectValues(lesson.maskedSoftmax(tensor([[1, 2, 3]]), bool([[true, true, false]])), [0.26894142, 0.73105858, 0], [1, 3],
    "maskedSoftmax([[1, 2, 3]], [[true, true, false]])");
  const rng = new Rng(5);
  const scores = randn([2, 3, 4, 4], rng).mul(2); // (B, nh, T, S) with a (T, S) causal mask broadcast
  const causal = libraryCausalMask(4);
  expectValues(lesson.maskedSoftmax(scores, causal), libraryMaskedSoftmax(scores, causal).data, [2, 3, 4, 4],
    "maskedSoftmax of random (2, 3, 4, 4) scores with a (4, 4) causal mask");
  const padding = libraryPaddingMask([5, 2], 5).reshape(2, 1, 5); // (B, 1, S) against (B, T, S)
  const scores2 = randn([2, 3, 5], rng);
  expectValues(lesson.maskedSoftmax(scores2, padding), libraryMaskedSoftmax(scores2, padding).data, [2, 3, 5],
    "maskedSoftmax of random (2, 3, 5) scores with a (2, 1, 5) padding mask");
  // Every mask shape that broadcasts: (B, 1, 1, S) padding against (B, nh, T, S), one (S) row for all,
  // and a mask of the scores' own shape.
  const scores4 = randn([2, 2, 3, 4], rng).mul(2);
  const padding4 = libraryPaddingMask([4, 2], 4).reshape(2, 1, 1, 4);
  expectValues(lesson.maskedSoftmax(scores4, padding4), libraryMaskedSoftmax(scores4, padding4).data, [2, 2, 3, 4],
    "maskedSoftmax of random (2, 2, 3, 4) scores with a (2, 1, 1, 4) padding mask");
  const row = tensor([true, false, true, true, false], { dtype: "bool" });
  expectValues(lesson.maskedSoftmax(scores2, row), libraryMaskedSoftmax(scores2, row).data, [2, 3, 5],
    "maskedSoftmax of random (2, 3, 5) scores with a (5) mask [true, false, true, true, false]");
  const full = randn([2, 3, 5], rng).gt(0);
  expectValues(lesson.maskedSoftmax(scores2, full), libraryMaskedSoftmax(scores2, full).data, [2, 3, 5],
    "maskedSoftmax of random (2, 3, 5) scores with a random mask of the same shape");
});

exercise("05.2", "gives blocked keys exactly 0 and allowed keys weights summing to 1", {
  points: 1,
  hint: "A blocked key must get exactly 0 even when its score is the largest in the row, and the softmax must be taken over the allowed keys only (so they still sum to 1).",
}, () => {
  // The blocked keys have the LARGEST scores here, so a mask applied after the softmax leaves little.
  const scores = tensor([[9, 0.5, 8, 1], [0, 7, 1, 6]]);
  const mask = bool([[false, true, false, true], [true, false, true, false]]);
  const got = lesson.maskedSoftmax(scores, mask);
  expectValues(got, libraryMaskedSoftmax(scores, mask).data, [2, 4], `maskedSoftmax(${formatList(values(scores))} as (2, 4))`);
  const v = values(got);
  for (let r = 0; r < 2; r++) {
    const sum = v.slice(r * 4, r * 4 + 4).reduce((a, b) => a + b, 0);
    expectTrue(Math.abs(sum - 1) < 1e-5, `row ${r} of the weights sums to ${sum}, expected 1`);
  }
});

exercise("05.2", "is exact at any score scale and gives zeros for a fully masked row", {
  points: 2,
  hint: "Use -Infinity, not a large negative number like -1e4: a finite fill still gets weight when every key is blocked or when the real scores are as low as the fill. A row with every key blocked must come out as zeros, not NaN and not 1/S each.",
}, () => {
  const fully = lesson.maskedSoftmax(tensor([[1, 2, 3], [0.5, 0, -1]]), bool([[false, false, false], [true, false, true]]));
  expectValues(fully, [0, 0, 0, ...libraryMaskedSoftmax(tensor([0.5, 0, -1]), tensor([true, false, true], { dtype: "bool" })).data], [2, 3],
    "maskedSoftmax with row 0 fully masked (row 0 must be zeros)");
  // Softmax ignores a common shift, so shifting every score by -20000 must not change the answer.
  const shifted = tensor([[1, 2, 3]]).sub(20000);
  expectValues(lesson.maskedSoftmax(shifted, bool([[true, true, false]])), [0.26894142, 0.73105858, 0], [1, 3],
    "maskedSoftmax([[1, 2, 3]] - 20000, [[true, true, false]])", 1e-4);
});

exercise("05.2", "lets no blocked key through, however low the allowed scores are", {
  points: 1,
  hint: "A finite fill such as -1e9 is not below every score: scores of -2e10 lose to the fill, and the blocked key takes the whole row. Only -Infinity is below every possible score; multiplying by the mask afterwards does not repair the row.",
}, () => {
  for (const rows of [[[-2e10, -3e10, 5]], [[-5e9, 7, -4e9, -6e9], [1e-3, 2e-3, -1e30, 0]]]) {
    const scores = tensor(rows);
    const mask = rows.length === 1 ? bool([[true, true, false]]) : bool([[true, false, true, true], [false, true, true, false]]);
    expectValues(lesson.maskedSoftmax(scores, mask), libraryMaskedSoftmax(scores, mask).data, scores.shape,
      `maskedSoftmax(${JSON.stringify(rows)}, ${JSON.stringify(mask.toArray())})`, 1e-4);
  }
});

exercise("05.2", "leaves its inputs alone", {
  points: 1,
  hint: "maskedFill and softmax return new tensors; never write into scores.data or mask.data.",
}, () => {
  const scores = tensor([[0.5, -1, 2], [1, 1, 1]]);
  const mask = bool([[true, false, true], [false, true, true]]);
  const expected = libraryMaskedSoftmax(scores, mask).data;
  const got = expectInputsUnchanged("maskedSoftmax(scores, mask)", { scores, mask }, () => lesson.maskedSoftmax(scores, mask));
  expectTrue(got !== scores, "maskedSoftmax returned scores itself; return a new tensor");
  expectValues(got, expected, [2, 3], "maskedSoftmax([[0.5, -1, 2], [1, 1, 1]])");
});

// ---- 05.3 paddingMask ----------------------------------------------------------------------

exercise("05.3", "marks the real tokens of each sequence true", {
  points: 2,
  hint: "Row b is true at positions 0 .. lengths[b] - 1 (the real tokens, which may be attended to) and false on the padding after them.",
}, () => {
  expectValues(lesson.paddingMask([3, 1], 4), [1, 1, 1, 0, 1, 0, 0, 0], [2, 4], "paddingMask([3, 1], 4)");
  for (const [lengths, T] of [[[5, 2, 4], 5], [[1], 1], [[6, 3, 6, 1], 6]] as [number[], number][]) {
    const got = lesson.paddingMask(lengths, T);
    const want = libraryPaddingMask(lengths, T);
    expectShape(got, [lengths.length, T], `paddingMask([${lengths.join(", ")}], ${T})`);
    expectTrue(values(got).every((v, i) => v === want.data[i]),
      `paddingMask([${lengths.join(", ")}], ${T}) returned rows ${rowsOf(got)}, expected ${rowsOf(want)} (1 = real token)`);
  }
  expectBool(lesson.paddingMask([2, 1], 3), "paddingMask([2, 1], 3)");
});

exercise("05.3", "pads every row to T, even past the longest sequence, and allows empty sequences", {
  points: 1,
  hint: "The mask has T columns whatever the lengths are (a batch may be padded to a fixed size); a length of 0 gives a row of all false.",
}, () => {
  expectValues(lesson.paddingMask([2, 3], 6), [1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0], [2, 6], "paddingMask([2, 3], 6)");
  expectValues(lesson.paddingMask([0, 2], 2), [0, 0, 1, 1], [2, 2], "paddingMask([0, 2], 2)");
});

exercise("05.3", "rejects lengths outside [0, T]", {
  points: 1,
  hint: "Check each length: throw an Error naming it and T when it is negative, fractional or longer than T.",
}, () => {
  expectThrows(() => lesson.paddingMask([3, 5], 4), "paddingMask([3, 5], 4) (a length longer than T)");
  expectThrows(() => lesson.paddingMask([-1], 4), "paddingMask([-1], 4)");
  expectThrows(() => lesson.paddingMask([1.5], 4), "paddingMask([1.5], 4)");
  expectThrows(() => lesson.paddingMask([2, 9, 1], 4), "paddingMask([2, 9, 1], 4) (the middle length is longer than T)");
  expectThrows(() => lesson.paddingMask([2, 3, 2.5], 4), "paddingMask([2, 3, 2.5], 4) (the last length is not an integer)");
});

exercise("05.3", "leaves the lengths alone", {
  points: 1,
  hint: "Only read lengths: sorting it (say, to find the longest) reorders the caller's array.",
}, () => {
  const lengths = [2, 4, 1];
  expectValues(expectInputsUnchanged("paddingMask([2, 4, 1], 4)", { lengths }, () => lesson.paddingMask(lengths, 4)),
    libraryPaddingMask([2, 4, 1], 4).data, [3, 4], "paddingMask([2, 4, 1], 4)");
});

// ---- 05.4 review: exam-style questions on the lesson (tests/graders/review-kit.ts) ---------------

import { reviewQuestions } from "./review-kit.js";
import { causalMask as reviewCausalMask } from "qkv";

reviewQuestions("05.4", lesson, [
  { key: "q1", topic: "entries of a causal mask", answer: () => Array.from(reviewCausalMask(5).data as ArrayLike<number>).filter((v) => Boolean(v)).length,
    hint: "Row i may attend to keys 0 … i: count them row by row." },
  { key: "q2", topic: "where the mask goes", answer: "c",
    hint: "Reread “A mask is a table of yes and no”: what does e^(−∞) give inside the softmax, and what do the other weights then sum to?" },
  { key: "q3", topic: "a masked softmax by hand", answer: Math.exp(2) / (Math.exp(1) + Math.exp(2)),
    hint: "Drop the blocked key, then softmax over the two that remain." },
  { key: "q4", topic: "a padding mask in a batch", answer: "a",
    hint: "Look at how the lesson combines the padding mask with the causal mask." },
  { key: "q5", topic: "a fully masked row", answer: "a",
    hint: "Reread the section on fully masked rows." },
]);
