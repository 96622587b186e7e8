// Grader for lesson 04 (self-attention): 04.1 attentionScores, 04.2 attention, 04.3 selfAttention.
// Oracles: the scores by explicit loops over the data (independent of any matmul), and the library's
// scaledDotProductAttention for weights and outputs. The random cases include shapes whose sizes all differ
// (T, S, d, dv for 04.1/04.2; T, C, d, dv for 04.3), so that a wrong axis, a wrong transpose or the square
// root of the wrong size cannot pass by accident.
import { Rng, randn, scaledDotProductAttention, tensor, eye, zeros, type Tensor } from "qkv";
import {
  exercise, expectInputsUnchanged, expectShape, expectTensor, expectTrue, expectValues, formatList, formatNumber, target,
} from "./grader-kit.js";

type Lesson = typeof import("../../solutions/04-self-attention.js");
const lesson = target<Lesson>("04-self-attention");

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
const shapeOf = (t: Tensor) => `[${t.shape.join(", ")}]`;

/** Q Kᵀ / √d by loops: q (B, T, d), k (B, S, d) -> (B, T, S) as a flat row-major array. */
function loopScores(q: Tensor, k: Tensor): number[] {
  const [B, T, d] = q.shape;
  const S = k.shape[1];
  const out: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < S; j++) {
        let dot = 0;
        for (let c = 0; c < d; c++) dot += q.data[(b * T + i) * d + c] * k.data[(b * S + j) * d + c];
        out.push(dot / Math.sqrt(d));
      }
    }
  }
  return out;
}

/** Checks that a result is { output, weights } with tensors in both. */
function expectResult(result: unknown, what: string): asserts result is { output: Tensor; weights: Tensor } {
  const r = result as { output?: unknown; weights?: unknown } | null;
  expectTrue(r !== null && typeof r === "object" && "output" in r && "weights" in r,
    `${what} should return an object { output, weights }, got ${r === null ? "null" : typeof r}`);
  expectTensor(r!.output, `${what}.output`);
  expectTensor(r!.weights, `${what}.weights`);
}

// ---- 04.1 attentionScores ------------------------------------------------------------------

exercise("04.1", "scores a small hand-computed case", {
  points: 1,
  hint: "scores[b, i, j] is the dot product of query i with key j, divided by √d where d is the last dimension (4 here, so divide by 2).",
}, () => {
  const q = tensor([[[1, 0, 0, 0], [0, 2, 0, 0]]]);
  const k = tensor([[[1, 0, 0, 0], [0, 1, 0, 0]]]);
  expectValues(lesson.attentionScores(q, k), [0.5, 0, 0, 1], [1, 2, 2], "attentionScores(q = [[1,0,0,0], [0,2,0,0]], k = [[1,0,0,0], [0,1,0,0]])");
});

exercise("04.1", "gives Q Kᵀ / √d for batches with different numbers of queries and keys", {
  points: 2,
  hint: "Multiply q (B, T, d) by k with its LAST TWO axes swapped, (B, d, S): the result is (B, T, S), one row per query. Divide by √d, d = q's last dimension — not the number of tokens.",
}, () => {
  const rng = new Rng(41);
  for (const [B, T, S, d] of [[2, 3, 5, 16], [1, 4, 4, 9], [3, 1, 2, 25]]) {
    const q = randn([B, T, d], rng);
    const k = randn([B, S, d], rng);
    const expected = loopScores(q, k); // before the call, in case it changes q or k
    expectValues(lesson.attentionScores(q, k), expected, [B, T, S], `attentionScores(q ${shapeOf(q)}, k ${shapeOf(k)})`, 1e-4);
  }
});

exercise("04.1", "keeps the scores' variance near 1 whatever d is", {
  points: 1,
  hint: "For queries and keys with unit-variance entries, q·k has variance d; dividing by √d (not d, not nothing) brings it back to about 1.",
}, () => {
  const rng = new Rng(42);
  for (const d of [4, 64, 256]) {
    const q = randn([1, 64, d], rng);
    const k = randn([1, 64, d], rng);
    const expected = loopScores(q, k);
    const scores = lesson.attentionScores(q, k);
    expectValues(scores, expected, [1, 64, 64], `attentionScores with d = ${d}`, 1e-3);
    const v = values(scores);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
    expectTrue(variance > 0.7 && variance < 1.4, `with d = ${d} the scores have variance ${formatNumber(variance)}, expected about 1`);
  }
});

exercise("04.1", "leaves q and k alone", {
  points: 1,
  hint: "Scale the product (or a copy of q made with q.div(…)), never q.data itself: scaling the caller's queries in place changes them for every later use.",
}, () => {
  const rng = new Rng(48);
  const q = randn([2, 3, 4], rng);
  const k = randn([2, 5, 4], rng);
  const expected = loopScores(q, k);
  expectValues(expectInputsUnchanged("attentionScores(q, k)", { q, k }, () => lesson.attentionScores(q, k)), expected, [2, 3, 5],
    "attentionScores(q [2, 3, 4], k [2, 5, 4])", 1e-4);
});

// ---- 04.2 attention -----------------------------------------------------------------------

exercise("04.2", "averages the values when the keys match equally well", {
  points: 1,
  hint: "The weights are softmax(scores) over the keys; the output is weights × v, a weighted average of the rows of v. Return { output, weights }.",
}, () => {
  const result = lesson.attention(tensor([[[1, 1]]]), tensor([[[1, 0], [0, 1]]]), tensor([[[2, 0], [0, 4]]]));
  expectResult(result, "attention(q, k, v)");
  expectValues(result.weights, [0.5, 0.5], [1, 1, 2], "attention(q, k, v).weights");
  expectValues(result.output, [1, 2], [1, 1, 2], "attention(q, k, v).output");
});

exercise("04.2", "matches the library's scaled dot-product attention", {
  points: 2,
  hint: "weights = softmax(Q Kᵀ / √d) with the softmax over the LAST axis (the keys); output = weights.matmul(v), the values, not the keys. Check both shapes: weights (B, T, S), output (B, T, dv).",
}, () => {
  const rng = new Rng(43);
  for (const [B, T, S, d, dv] of [[2, 3, 5, 8, 6], [1, 6, 6, 4, 4]]) {
    const q = randn([B, T, d], rng);
    const k = randn([B, S, d], rng);
    const v = randn([B, S, dv], rng);
    const expected = scaledDotProductAttention(q, k, v);
    const what = `attention(q ${shapeOf(q)}, k ${shapeOf(k)}, v ${shapeOf(v)})`;
    const result = lesson.attention(q, k, v);
    expectResult(result, what);
    expectValues(result.weights, expected.weights.data, [B, T, S], `${what}.weights`, 1e-4);
    expectValues(result.output, expected.output.data, [B, T, dv], `${what}.output`, 1e-4);
  }
});

exercise("04.2", "gives weights in [0, 1] whose rows sum to 1", {
  points: 1,
  hint: "Each query's weights over the keys must form a probability distribution: take the softmax along axis -1 (the keys), not along the queries.",
}, () => {
  const rng = new Rng(44);
  const [B, T, S] = [2, 4, 7];
  const q = randn([B, T, 8], rng);
  const k = randn([B, S, 8], rng);
  const v = randn([B, S, 3], rng);
  const result = lesson.attention(q, k, v);
  expectResult(result, "attention(q, k, v)");
  expectShape(result.weights, [B, T, S], "attention(q, k, v).weights");
  const w = values(result.weights);
  for (let row = 0; row < B * T; row++) {
    const r = w.slice(row * S, (row + 1) * S);
    const sum = r.reduce((a, b) => a + b, 0);
    expectTrue(r.every((x) => x >= 0 && x <= 1) && Math.abs(sum - 1) < 1e-4,
      `row ${row} of the weights is ${formatList(r)} and sums to ${formatNumber(sum)}; each query's weights must be in [0, 1] and sum to 1`);
  }
  expectValues(result.weights, scaledDotProductAttention(q, k, v).weights.data, [B, T, S], "attention(q, k, v).weights", 1e-4);
});

exercise("04.2", "stays finite for large scores", {
  points: 1,
  hint: "exp of a large score overflows to Infinity and Infinity / Infinity is NaN: use the tensor's .softmax(-1), which subtracts each row's maximum first (or do that yourself).",
}, () => {
  const rng = new Rng(45);
  const q = randn([1, 3, 4], rng).mul(200);
  const k = randn([1, 5, 4], rng).mul(200);
  const v = randn([1, 5, 2], rng);
  const expected = scaledDotProductAttention(q, k, v);
  const result = lesson.attention(q, k, v);
  expectResult(result, "attention(200·q, 200·k, v)");
  expectValues(result.weights, expected.weights.data, [1, 3, 5], "attention(200·q, 200·k, v).weights", 1e-4);
  expectValues(result.output, expected.output.data, [1, 3, 2], "attention(200·q, 200·k, v).output", 1e-4);
});

exercise("04.2", "leaves q, k and v alone", {
  points: 1,
  hint: "Every step (scores, softmax, weighted sum) can make a new tensor; never write into q.data, k.data or v.data.",
}, () => {
  const rng = new Rng(49);
  const q = randn([2, 3, 4], rng);
  const k = randn([2, 5, 4], rng);
  const v = randn([2, 5, 3], rng);
  const expected = scaledDotProductAttention(q, k, v);
  const result = expectInputsUnchanged("attention(q, k, v)", { q, k, v }, () => lesson.attention(q, k, v));
  expectResult(result, "attention(q, k, v)");
  expectValues(result.output, expected.output.data, [2, 3, 3], "attention(q [2, 3, 4], k [2, 5, 4], v [2, 5, 3]).output", 1e-4);
});

// ---- 04.3 selfAttention --------------------------------------------------------------------

exercise("04.3", "gives the mean of the values when Wq and Wk are zero", {
  points: 1,
  hint: "With Wq = Wk = 0 every score is 0, so the weights are uniform and every output row is the average of the rows of V = x Wv.",
}, () => {
  const result = lesson.selfAttention(tensor([[[1, 0], [3, 2]]]), zeros([2, 2]), zeros([2, 2]), eye(2));
  expectResult(result, "selfAttention(x, 0, 0, I)");
  expectValues(result.weights, [0.5, 0.5, 0.5, 0.5], [1, 2, 2], "selfAttention(x, 0, 0, I).weights");
  expectValues(result.output, [2, 1, 2, 1], [1, 2, 2], "selfAttention(x, 0, 0, I).output");
});

exercise("04.3", "projects x with its own Wq, Wk and Wv", {
  points: 2,
  hint: "Q = x.matmul(Wq), K = x.matmul(Wk), V = x.matmul(Wv) — each matrix used once, for its own role, multiplied on the right without a transpose — then attention(Q, K, V).",
}, () => {
  const rng = new Rng(46);
  for (const [B, T, C, d, dv] of [[2, 5, 6, 4, 3], [1, 4, 5, 5, 5]]) {
    const x = randn([B, T, C], rng);
    const Wq = randn([C, d], rng);
    const Wk = randn([C, d], rng);
    const Wv = randn([C, dv], rng);
    const expected = scaledDotProductAttention(x.matmul(Wq), x.matmul(Wk), x.matmul(Wv));
    const what = `selfAttention(x ${shapeOf(x)}, Wq ${shapeOf(Wq)}, Wk ${shapeOf(Wk)}, Wv ${shapeOf(Wv)})`;
    const result = lesson.selfAttention(x, Wq, Wk, Wv);
    expectResult(result, what);
    expectValues(result.weights, expected.weights.data, [B, T, T], `${what}.weights`, 1e-4);
    expectValues(result.output, expected.output.data, [B, T, dv], `${what}.output`, 1e-4);
  }
});

exercise("04.3", "is permutation-equivariant: shuffling the tokens shuffles the outputs", {
  points: 1,
  hint: "Self-attention has no notion of order: if you reverse the tokens of x, the output rows come out reversed. If not, some step mixes positions in a way other than through the weights.",
}, () => {
  const rng = new Rng(47);
  const [T, C, d] = [4, 3, 3];
  const rows = Array.from({ length: T }, () => Array.from({ length: C }, () => rng.normal()));
  const Wq = randn([C, d], rng);
  const Wk = randn([C, d], rng);
  const Wv = randn([C, d], rng);
  const forward = lesson.selfAttention(tensor([rows]), Wq, Wk, Wv);
  const backward = lesson.selfAttention(tensor([[...rows].reverse()]), Wq, Wk, Wv);
  expectResult(forward, "selfAttention(x, …)");
  expectResult(backward, "selfAttention(reversed x, …)");
  const expected = scaledDotProductAttention(tensor([rows]).matmul(Wq), tensor([rows]).matmul(Wk), tensor([rows]).matmul(Wv)).output;
  expectValues(forward.output, expected.data, [1, T, d], "selfAttention(x, …).output", 1e-4);
  const f = values(forward.output);
  const reversedRows: number[] = [];
  for (let t = T - 1; t >= 0; t--) reversedRows.push(...f.slice(t * d, (t + 1) * d));
  expectValues(backward.output, reversedRows, [1, T, d], "selfAttention(reversed x, …).output (should be the output rows reversed)", 1e-4);
});

exercise("04.3", "leaves x and the weight matrices alone", {
  points: 1,
  hint: "x.matmul(Wq) and the other steps return new tensors; never write into x.data or a weight's data (e.g. to scale Wq by 1/√d).",
}, () => {
  const rng = new Rng(50);
  const x = randn([2, 4, 5], rng);
  const Wq = randn([5, 3], rng);
  const Wk = randn([5, 3], rng);
  const Wv = randn([5, 2], rng);
  const expected = scaledDotProductAttention(x.matmul(Wq), x.matmul(Wk), x.matmul(Wv));
  const result = expectInputsUnchanged("selfAttention(x, Wq, Wk, Wv)", { x, Wq, Wk, Wv }, () => lesson.selfAttention(x, Wq, Wk, Wv));
  expectResult(result, "selfAttention(x, Wq, Wk, Wv)");
  expectValues(result.output, expected.output.data, [2, 4, 2], "selfAttention(x [2, 4, 5], Wq [5, 3], Wk [5, 3], Wv [5, 2]).output", 1e-4);
});
// ---- 04.4 review: exam-style questions on the lesson (tests/graders/review-kit.ts) ---------------

import { reviewQuestions } from "./review-kit.js";

reviewQuestions("04.4", lesson, [
  { key: "q1", topic: "the size of the weights", answer: 100,
    hint: "One weight per (query, key) pair: QKᵀ has shape (T, T)." },
  { key: "q2", topic: "the scale factor", answer: 8,
    hint: "Look at the attention formula at the start of the lesson." },
  { key: "q3", topic: "why scale", answer: "c",
    hint: "Look at the table of Var(q·k) and the largest weight for growing d." },
  { key: "q4", topic: "what a row of weights is", answer: "d",
    hint: "Along which axis does the softmax run? Check the printed row sums." },
  { key: "q5", topic: "attention against an RNN", answer: "b",
    hint: "Reread “The whole sequence at once”: the nudge table and the cost of comparing all pairs." },
]);
