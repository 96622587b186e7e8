// Grader for lesson 00 (a tour of tensors): exercises 00.1 dot, 00.2 softmax, 00.3 cosineSimilarity.
// The library is the oracle (its matmul-free ops and softmax); hand-computed cases pin the basics.
import { Rng, randn, softmax as librarySoftmax, tensor, type Tensor } from "qkv";
import {
  close, exercise, expectClose, expectInputsUnchanged, expectThrows, expectTrue, expectValues, formatList, formatNumber, target,
} from "./grader-kit.js";

type Tour = typeof import("../../solutions/00-tour.js");
const tour = target<Tour>("00-tour");

/** A tensor's values as plain numbers (its data may be any typed array). */
const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
const list = (t: Tensor) => formatList(values(t));
/** The oracle for a dot product: the library's element-wise product and sum. */
const libraryDot = (a: Tensor, b: Tensor) => a.mul(b).sum().item();

// ---- 00.1 dot ------------------------------------------------------------------------------

exercise("00.1", "multiplies element by element and adds up", {
  points: 2,
  hint: "Every one of the n products aᵢ·bᵢ must be added, no more and no fewer: check where your loop starts and stops. Return a plain number (a sum tensor needs .item()).",
}, () => {
  expectClose(tour.dot(tensor([1, 2, 3]), tensor([4, 5, 6])), 32, "dot([1, 2, 3], [4, 5, 6])");
  expectClose(tour.dot(tensor([-3]), tensor([4])), -12, "dot([-3], [4])");
  expectClose(tour.dot(tensor([0, 0, 0, 0]), tensor([5, 6, 7, 8])), 0, "dot([0, 0, 0, 0], [5, 6, 7, 8])");
  const rng = new Rng(1);
  for (const n of [2, 7, 64]) {
    const a = randn([n], rng);
    const b = randn([n], rng);
    expectClose(tour.dot(a, b), libraryDot(a, b), `dot of two random vectors of length ${n}, ${list(a)} and ${list(b)}`);
  }
});

exercise("00.1", "is symmetric and leaves its inputs alone", {
  points: 1,
  hint: "dot(a, b) must equal dot(b, a), and must only read a and b: never assign into a.data or b.data.",
}, () => {
  const a = tensor([0.5, -2, 3, 1.25]);
  const b = tensor([4, 1, -1, 2]);
  const expected = libraryDot(a, b);
  const ab = expectInputsUnchanged("dot(a, b)", { a, b }, () => tour.dot(a, b));
  const ba = tour.dot(b, a);
  // Each property alone would reward a constant answer, so the value is pinned too.
  expectClose(ab, expected, `dot(${list(a)}, ${list(b)})`);
  expectClose(ba, ab, "dot(b, a) compared with dot(a, b)");
});

exercise("00.1", "rejects vectors of different lengths", {
  points: 1,
  hint: "Compare a.size (or a.shape[0]) with b.size first and throw an Error naming both lengths; a silent answer from the shorter length hides bugs.",
}, () => {
  expectThrows(() => tour.dot(tensor([1, 2, 3]), tensor([1, 2])), "dot([1, 2, 3], [1, 2]) (lengths 3 and 2)");
  expectThrows(() => tour.dot(tensor([1]), tensor([1, 2, 3, 4])), "dot([1], [1, 2, 3, 4]) (lengths 1 and 4)");
});

// ---- 00.2 softmax --------------------------------------------------------------------------

exercise("00.2", "gives the library's probabilities", {
  points: 2,
  hint: "softmaxᵢ = exp(xᵢ) / Σⱼ exp(xⱼ): exponentiate every element, then divide each by the SUM of the exponentials. Return a new tensor of the same shape.",
}, () => {
  expectValues(tour.softmax(tensor([1, 2, 3])), [0.09003057, 0.24472847, 0.66524096], [3], "softmax([1, 2, 3])");
  expectValues(tour.softmax(tensor([5])), [1], [1], "softmax([5])");
  const rng = new Rng(2);
  for (const n of [4, 33]) {
    const x = randn([n], rng).mul(3);
    const expected = librarySoftmax(x).data; // computed before the call, in case the call changes x
    const got = tour.softmax(x);
    expectValues(got, expected, [n], `softmax of ${list(x)}`);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += got.data[i];
    expectTrue(close(sum, 1), `softmax of ${n} random values sums to ${formatNumber(sum)}, expected 1`);
  }
});

exercise("00.2", "returns a new tensor and leaves its input alone", {
  points: 1,
  hint: "Build the result in a new tensor (x.sub(…), x.exp() and tensor(…) all return new ones); writing into x.data changes the caller's data.",
}, () => {
  for (const x of [tensor([0.5, -1, 2, 0]), tensor([-Infinity, 3, -Infinity, 1])]) {
    const expected = librarySoftmax(x).data;
    const got = expectInputsUnchanged(`softmax(${list(x)})`, { x }, () => tour.softmax(x));
    expectTrue(got !== x, "softmax(x) returned x itself; return a new tensor");
    expectValues(got, expected, [x.size], `softmax(${list(x)})`);
  }
});

exercise("00.2", "is numerically stable for large and very negative inputs", {
  points: 1,
  hint: "exp(1000) is Infinity in floating point and exp(-1000) is 0. Subtract the largest element from every element before exp: the answer is unchanged and the largest exponent becomes exp(0) = 1.",
}, () => {
  expectValues(tour.softmax(tensor([1000, 1001])), [0.26894142, 0.73105858], [2], "softmax([1000, 1001])");
  expectValues(tour.softmax(tensor([-1000, -1001, -1002])), [0.66524096, 0.24472847, 0.09003057], [3], "softmax([-1000, -1001, -1002])");
  expectValues(tour.softmax(tensor([80, 90, 100])), librarySoftmax(tensor([80, 90, 100])).data, [3], "softmax([80, 90, 100])");
});

exercise("00.2", "gives zeros for a fully masked (all -Infinity) input", {
  points: 1,
  hint: "When every element is -Infinity, max - max is -Infinity - (-Infinity) = NaN. Check for that case and return zeros of the same shape; a single -Infinity among finite values should simply get probability 0.",
}, () => {
  expectValues(tour.softmax(tensor([-Infinity, -Infinity, -Infinity])), [0, 0, 0], [3], "softmax([-Infinity, -Infinity, -Infinity])");
  expectValues(tour.softmax(tensor([-Infinity, 0, -Infinity])), [0, 1, 0], [3], "softmax([-Infinity, 0, -Infinity])");
});

// ---- 00.3 cosineSimilarity -----------------------------------------------------------------

exercise("00.3", "gives the cosine of the angle", {
  points: 2,
  hint: "cos θ = a·b / (‖a‖·‖b‖) with ‖a‖ = √(a·a): divide by BOTH lengths (square roots included). Your dot from 00.1 helps.",
}, () => {
  expectClose(tour.cosineSimilarity(tensor([1, 0]), tensor([0, 1])), 0, "cosineSimilarity([1, 0], [0, 1])");
  expectClose(tour.cosineSimilarity(tensor([3, 4]), tensor([4, 3])), 0.96, "cosineSimilarity([3, 4], [4, 3])");
  expectClose(tour.cosineSimilarity(tensor([1, 2]), tensor([2, 4])), 1, "cosineSimilarity([1, 2], [2, 4])");
  expectClose(tour.cosineSimilarity(tensor([1, 1]), tensor([-2, -2])), -1, "cosineSimilarity([1, 1], [-2, -2])");
  const rng = new Rng(3);
  for (const n of [3, 50]) {
    const a = randn([n], rng);
    const b = randn([n], rng).mul(5);
    const expected = libraryDot(a, b) / Math.sqrt(libraryDot(a, a) * libraryDot(b, b));
    expectClose(tour.cosineSimilarity(a, b), expected, `cosineSimilarity of random vectors ${list(a)} and ${list(b)}`);
  }
});

exercise("00.3", "ignores the vectors' lengths", {
  points: 1,
  hint: "Scaling a vector by a positive number does not change its direction, so the answer must not change; check that you divide by the norms (square roots of a·a and b·b), not their squares.",
}, () => {
  const a = tensor([2, -1, 0.5]);
  const b = tensor([1, 3, -2]);
  const base = tour.cosineSimilarity(a, b);
  expectClose(base, libraryDot(a, b) / Math.sqrt(libraryDot(a, a) * libraryDot(b, b)), `cosineSimilarity(${list(a)}, ${list(b)})`);
  expectClose(tour.cosineSimilarity(a.mul(10), b), base, "cosineSimilarity(10·a, b) compared with cosineSimilarity(a, b)");
  expectClose(tour.cosineSimilarity(a, b.mul(0.01)), base, "cosineSimilarity(a, 0.01·b) compared with cosineSimilarity(a, b)");
  expectClose(tour.cosineSimilarity(a, a.mul(7)), 1, "cosineSimilarity(a, 7·a)");
});

exercise("00.3", "gives 0 when a vector is all zeros", {
  points: 1,
  hint: "A zero vector has length 0, and 0 / 0 is NaN. If either norm is 0, return 0 before dividing.",
}, () => {
  expectClose(tour.cosineSimilarity(tensor([0, 0, 0]), tensor([1, 2, 3])), 0, "cosineSimilarity([0, 0, 0], [1, 2, 3])");
  expectClose(tour.cosineSimilarity(tensor([1, 2, 3]), tensor([0, 0, 0])), 0, "cosineSimilarity([1, 2, 3], [0, 0, 0])");
  expectClose(tour.cosineSimilarity(tensor([0, 0]), tensor([0, 0])), 0, "cosineSimilarity([0, 0], [0, 0])");
});

exercise("00.3", "is exact for tiny and huge vectors (no epsilon)", {
  points: 1,
  hint: "Only an all-zero vector is special. Adding a small epsilon to the norms, or clamping them with max(‖a‖‖b‖, eps), changes the answer for short vectors (norms around 1e-6): test for exactly 0 instead.",
}, () => {
  const a = tensor([3, 4, 0]);
  const b = tensor([4, 3, 1]);
  const expected = libraryDot(a, b) / Math.sqrt(libraryDot(a, a) * libraryDot(b, b));
  for (const [sa, sb] of [[1e-6, 1e-6], [1e-6, 1], [2e-7, 5e3], [1e6, 1e-5]]) {
    expectClose(tour.cosineSimilarity(a.mul(sa), b.mul(sb)), expected,
      `cosineSimilarity(${formatNumber(sa)}·[3, 4, 0], ${formatNumber(sb)}·[4, 3, 1])`);
  }
  expectClose(tour.cosineSimilarity(a.mul(1e-6), a.mul(-3e-6)), -1, "cosineSimilarity(1e-6·[3, 4, 0], -3e-6·[3, 4, 0])");
});

exercise("00.3", "leaves its inputs alone", {
  points: 1,
  hint: "Only read a and b: compute the norms into new variables or tensors, never normalise a.data or b.data in place.",
}, () => {
  const a = tensor([2, -1, 0.5, 3]);
  const b = tensor([1, 3, -2, 0.25]);
  const expected = libraryDot(a, b) / Math.sqrt(libraryDot(a, a) * libraryDot(b, b));
  expectClose(expectInputsUnchanged("cosineSimilarity(a, b)", { a, b }, () => tour.cosineSimilarity(a, b)), expected,
    `cosineSimilarity(${list(a)}, ${list(b)})`);
});
// ---- 00.4 review: exam-style questions on the lesson (tests/graders/review-kit.ts) ---------------

import { reviewQuestions } from "./review-kit.js";
import { softmax as reviewSoftmax, tensor as reviewTensor } from "qkv";

reviewQuestions("00.4", tour, [
  { key: "q1", topic: "softmax of a small vector", answer: () => reviewSoftmax(reviewTensor([0, 0, Math.log(3)])).data[2],
    hint: "Apply the definition of softmax: exponentiate each score (remember e⁰), then divide by the sum of the exponentials." },
  { key: "q2", topic: "temperature", answer: "c",
    hint: "Look at the temperature heatmap and the line of p(largest score) against τ." },
  { key: "q3", topic: "why subtract the maximum", answer: "a",
    hint: "What is exp(1000) in floating point, and what is softmax(x − c) compared with softmax(x)?" },
  { key: "q4", topic: "cosine similarity", answer: Math.SQRT1_2,
    hint: "Use the definition of cosine similarity from exercise 00.3; mind the square roots in the norms." },
]);
