// Grader for lesson 03 (positional encoding): 03.1 sinusoidalEncoding, 03.2 addPositions, 03.3 offsetRotation.
// Oracles: the library's sinusoidalPositionalEncoding and PositionalEncoding, hand-computed values, and
// the relative-offset property PE[p + k] = PE[p] M_k checked on the library's table.
import { PositionalEncoding, Rng, eye, randn, sinusoidalPositionalEncoding, tensor, type Tensor } from "qkv";
import { exercise, expectInputsUnchanged, expectShape, expectThrows, expectTrue, expectValues, target } from "./grader-kit.js";

type Lesson = typeof import("../../solutions/03-positional-encoding.js");
const lesson = target<Lesson>("03-positional-encoding");

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);

// ---- 03.1 sinusoidalEncoding ---------------------------------------------------------------

exercise("03.1", "gives the hand-computed table for T = 2, C = 4", {
  points: 1,
  hint: "Row pos, pair i: sin then cos of pos / 10000^(2i/C). Position 0 is [0, 1, 0, 1, …]; with C = 4 the second pair's frequency is 1/10000^(2/4) = 0.01.",
}, () => {
  expectValues(lesson.sinusoidalEncoding(2, 4), [0, 1, 0, 1, Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01)], [2, 4], "sinusoidalEncoding(2, 4)");
});

exercise("03.1", "matches the library's table for several sizes", {
  points: 2,
  hint: "Both columns of pair i use the exponent 2i/C (the pair's EVEN column index), sin in the even column and cos in the odd one, and positions count from 0.",
}, () => {
  for (const [T, C] of [[50, 16], [7, 64], [1, 2], [12, 6]]) {
    expectValues(lesson.sinusoidalEncoding(T, C), sinusoidalPositionalEncoding(T, C).data, [T, C], `sinusoidalEncoding(${T}, ${C})`, 1e-5);
  }
});

exercise("03.1", "gives every column pair a point on the unit circle", {
  points: 1,
  hint: "Each pair (sin θ, cos θ) of one row shares the same angle θ = pos·ωᵢ, so sin²θ + cos²θ = 1. If not, the two columns of a pair use different angles.",
}, () => {
  const [T, C] = [20, 10];
  const table = lesson.sinusoidalEncoding(T, C);
  expectShape(table, [T, C], `sinusoidalEncoding(${T}, ${C})`);
  const v = values(table);
  for (let pos = 0; pos < T; pos++) {
    for (let i = 0; i < C / 2; i++) {
      const r = v[pos * C + 2 * i] ** 2 + v[pos * C + 2 * i + 1] ** 2;
      expectTrue(Math.abs(r - 1) < 1e-5, `row ${pos}, columns ${2 * i} and ${2 * i + 1}: sin² + cos² = ${r.toFixed(6)}, expected 1`);
    }
  }
  expectValues(table, sinusoidalPositionalEncoding(T, C).data, [T, C], `sinusoidalEncoding(${T}, ${C})`, 1e-5);
});

exercise("03.1", "rejects a T or C it cannot build a table for", {
  points: 1,
  hint: "Check the arguments first: T a positive integer, C a positive EVEN integer (the columns come in sin/cos pairs). With an odd C the last pair has no cosine column, and a loop over pairs writes into the next row. Throw an Error naming T and C.",
}, () => {
  for (const [T, C] of [[4, 5], [3, 1], [4, 0], [0, 4], [-2, 4], [2.5, 4], [3, 6.5]]) {
    expectThrows(() => lesson.sinusoidalEncoding(T, C), `sinusoidalEncoding(${T}, ${C})`);
  }
});

// ---- 03.2 addPositions ---------------------------------------------------------------------

exercise("03.2", "adds table row t to the token at position t", {
  points: 1,
  hint: "out[b, t, :] = x[b, t, :] + table[t, :], using only the first T rows of the table.",
}, () => {
  const out = lesson.addPositions(tensor([[[1, 1], [1, 1]]]), tensor([[0, 1], [10, 11], [20, 21]]));
  expectValues(out, [1, 2, 11, 12], [1, 2, 2], "addPositions([[[1, 1], [1, 1]]], [[0, 1], [10, 11], [20, 21]])");
});

exercise("03.2", "matches the library's PositionalEncoding on a batch", {
  points: 2,
  hint: "Slice the table to its first T rows, (T, C), and add it to x (B, T, C): broadcasting repeats it for every sequence of the batch. Position t must get row t, not row t + 1 or row 0.",
}, () => {
  const rng = new Rng(31);
  for (const [B, T, C, maxLen] of [[3, 5, 8, 16], [2, 6, 4, 6]]) {
    const layer = new PositionalEncoding(C, maxLen);
    const x = randn([B, T, C], rng);
    const expected = layer.forward(x).data; // before the call, in case it changes x
    expectValues(lesson.addPositions(x, layer.table), expected, [B, T, C], `addPositions(x [${B}, ${T}, ${C}], table [${maxLen}, ${C}])`, 1e-5);
  }
});

exercise("03.2", "returns a new tensor and leaves x and the table alone", {
  points: 1,
  hint: "Build the result with x.add(…) (a new tensor); writing into x.data changes the caller's token vectors, and writing into table.data changes every later call.",
}, () => {
  const x = tensor([[[0.5, -1], [2, 0]], [[1, 1], [3, -2]]]);
  const table = tensor([[1, 2], [3, 4], [5, 6]]);
  const out = expectInputsUnchanged("addPositions(x, table)", { x, table }, () => lesson.addPositions(x, table));
  expectTrue(out !== x, "addPositions returned x itself; return a new tensor");
  expectValues(out, [1.5, 1, 5, 4, 2, 3, 6, 2], [2, 2, 2], "addPositions([[[0.5, -1], [2, 0]], [[1, 1], [3, -2]]], [[1, 2], [3, 4], [5, 6]])");
});

exercise("03.2", "rejects a sequence longer than the table and mismatched sizes", {
  points: 1,
  hint: "Check T <= maxLen and that x's last dimension equals the table's before adding, and throw an Error that names the numbers.",
}, () => {
  const rng = new Rng(32);
  expectThrows(() => lesson.addPositions(randn([1, 5, 4], rng), randn([3, 4], rng)), "addPositions(x [1, 5, 4], table [3, 4]) (5 positions, table of 3)");
  expectThrows(() => lesson.addPositions(randn([2, 3, 4], rng), randn([8, 6], rng)), "addPositions(x [2, 3, 4], table [8, 6]) (sizes 4 and 6)");
  expectValues(lesson.addPositions(tensor([[[1, 2]]]), tensor([[1, 1], [5, 5]])), [2, 3], [1, 1, 2], "addPositions([[[1, 2]]], [[1, 1], [5, 5]])");
});

exercise("03.2", "rejects a table that would only fit by broadcasting", {
  points: 1,
  hint: "Broadcasting happily adds a table of ONE row to every position, or a table of vectors of size 1 to every feature: compare the shapes yourself (table 2-D, maxLen >= T, the table's C equal to x's C) instead of relying on add() to complain.",
}, () => {
  const rng = new Rng(33);
  expectThrows(() => lesson.addPositions(randn([2, 3, 4], rng), randn([1, 4], rng)), "addPositions(x [2, 3, 4], table [1, 4]) (one row for 3 positions)");
  expectThrows(() => lesson.addPositions(randn([2, 3, 4], rng), randn([8, 1], rng)), "addPositions(x [2, 3, 4], table [8, 1]) (vectors of size 1, not 4)");
  expectThrows(() => lesson.addPositions(randn([2, 1, 4], rng), randn([4], rng)), "addPositions(x [2, 1, 4], table [4]) (a 1-D table)");
  expectThrows(() => lesson.addPositions(randn([3, 4], rng), randn([8, 4], rng)), "addPositions(x [3, 4], table [8, 4]) (x is not a batch (B, T, C))");
  expectValues(lesson.addPositions(tensor([[[1, 2]], [[3, 4]]]), tensor([[10, 20]])), [11, 22, 13, 24], [2, 1, 2],
    "addPositions([[[1, 2]], [[3, 4]]], [[10, 20]]) (T = maxLen = 1)");
});

// ---- 03.3 offsetRotation -------------------------------------------------------------------

exercise("03.3", "gives the identity for k = 0 and the hand-computed blocks", {
  points: 1,
  hint: "Each pair i gets [[cos b, -sin b], [sin b, cos b]] with b = k·ωᵢ on the diagonal; everything off the 2 × 2 blocks is 0.",
}, () => {
  expectValues(lesson.offsetRotation(0, 4), eye(4).data, [4, 4], "offsetRotation(0, 4)");
  const [c3, s3, c03, s03] = [Math.cos(3), Math.sin(3), Math.cos(0.03), Math.sin(0.03)];
  expectValues(lesson.offsetRotation(3, 4), [c3, -s3, 0, 0, s3, c3, 0, 0, 0, 0, c03, -s03, 0, 0, s03, c03], [4, 4], "offsetRotation(3, 4)");
});

exercise("03.3", "moves every row of the sinusoidal table k positions forward", {
  points: 2,
  hint: "Test it yourself: PE[p] times your matrix must equal PE[p + k] for every p. A wrong sign in the block moves backwards (k → -k); a wrong frequency breaks all pairs but the first.",
}, () => {
  const [T, C] = [40, 16];
  const table = sinusoidalPositionalEncoding(T, C);
  for (const k of [1, 5, -3]) {
    const M = lesson.offsetRotation(k, C);
    expectShape(M, [C, C], `offsetRotation(${k}, ${C})`);
    const from = Math.max(0, -k);
    const to = Math.min(T, T - k);
    const moved = table.slice(0, from, to).matmul(M);
    expectValues(moved, table.slice(0, from + k, to + k).data, [to - from, C], `PE[p] · offsetRotation(${k}, ${C}) compared with PE[p + ${k}]`, 1e-4);
  }
});

exercise("03.3", "undoes an offset with the opposite offset", {
  points: 1,
  hint: "M_k M_(-k) must be the identity: moving k forward then k back. Each 2 × 2 block is a rotation by the angle k·ωᵢ.",
}, () => {
  const C = 8;
  const product = lesson.offsetRotation(7, C).matmul(lesson.offsetRotation(-7, C));
  expectValues(product, eye(C).data, [C, C], "offsetRotation(7, 8) · offsetRotation(-7, 8)", 1e-5);
  const table = sinusoidalPositionalEncoding(10, C);
  expectValues(table.slice(0, 0, 3).matmul(lesson.offsetRotation(7, C)), table.slice(0, 7, 10).data, [3, C], "PE[0..2] · offsetRotation(7, 8)", 1e-4);
});

exercise("03.3", "rejects a C that is not a positive even integer", {
  points: 1,
  hint: "The matrix is made of 2 × 2 blocks, one per column pair, so C must be a positive even integer: check it first and throw an Error naming C (an odd C leaves a block without its second row and column).",
}, () => {
  for (const C of [5, 1, 0, -4, 2.5]) expectThrows(() => lesson.offsetRotation(1, C), `offsetRotation(1, ${C})`);
});
// ---- 03.4 review: exam-style questions on the lesson (tests/graders/review-kit.ts) ---------------

import { reviewQuestions } from "./review-kit.js";
import { sinusoidalPositionalEncoding as reviewSinusoidal } from "qkv";

reviewQuestions("03.4", lesson, [
  { key: "q1", topic: "attention without positions", answer: "b",
    hint: "Look at the “dog bites man” measurement at the start of the lesson." },
  { key: "q2", topic: "the table at position 0", answer: () => Array.from(reviewSinusoidal(1, 16).data as ArrayLike<number>).reduce((s, v) => s + v, 0),
    hint: "Write out row p = 0 of the formula, column by column." },
  { key: "q3", topic: "what the dot product of positions depends on", answer: "d",
    hint: "Apply sin a sin b + cos a cos b = cos(a − b) pair by pair (section on offsets)." },
  { key: "q4", topic: "learned against sinusoidal", answer: "a",
    hint: "Reread the section on learned position embeddings." },
  { key: "q5", topic: "the fastest pair of columns", answer: 2 * Math.PI,
    hint: "sin(p·ω) repeats when p·ω grows by 2π." },
]);
