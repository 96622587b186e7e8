// Grader for lesson 06 (multi-head attention): exercises 06.1 splitHeads, 06.2 mergeHeads,
// 06.3 multiHeadSelfAttention. The library is the oracle: its splitHeads / mergeHeads, and
// torch-compatible MultiHeadAttention loaded with the same weights for 06.3.
import {
  MultiHeadAttention, Rng, arange, causalMask, concat, eye, mergeHeads as libraryMergeHeads, paddingMask, randn,
  scaledDotProductAttention, splitHeads as librarySplitHeads, tensor, type Tensor,
} from "qkv";
import {
  exercise, expectInputsUnchanged, expectShape, expectThrows, expectTrue, expectValues, formatList, target,
} from "./grader-kit.js";

type Heads = typeof import("../../solutions/06-multi-head-attention.js");
const lesson = target<Heads>("06-multi-head-attention");

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
/** 0, 1, 2, ... in the given shape: every value says where it came from. */
const counting = (shape: number[]) => arange(0, shape.reduce((a, b) => a * b, 1)).reshape(shape);

/** The oracle for 06.3: the library's MultiHeadAttention (no biases) holding the same four matrices. */
function libraryMultiHead(x: Tensor, w: { wq: Tensor; wk: Tensor; wv: Tensor; wo: Tensor }, numHeads: number, mask?: Tensor): Tensor {
  const C = x.shape[2];
  const mha = new MultiHeadAttention(C, numHeads, new Rng(0), { bias: false });
  mha.loadStateDict({ in_proj_weight: concat([w.wq, w.wk, w.wv], 0), "out_proj.weight": w.wo });
  return mha.forward(x, x, x, { attnMask: mask ?? null }).output;
}

function randomWeights(C: number, rng: Rng) {
  const w = () => randn([C, C], rng).mul(1 / Math.sqrt(C));
  return { wq: w().mul(2), wk: w().mul(2), wv: w(), wo: w() };
}

// ---- 06.1 splitHeads -----------------------------------------------------------------------

exercise("06.1", "gives each head its own slice of every token's features", {
  points: 2,
  hint: "Head h of token t is x[b, t, h·hs ... (h+1)·hs - 1]. Cut the last axis into (nh, hs) with reshape(B, T, nh, hs), then swap the T and nh axes; reshaping straight to (B, nh, T, hs) mixes up tokens.",
}, () => {
  expectValues(lesson.splitHeads(counting([1, 2, 4]), 2), [0, 1, 4, 5, 2, 3, 6, 7], [1, 2, 2, 2], "splitHeads(x = [[[0, 1, 2, 3], [4, 5, 6, 7]]], 2)");
  for (const [shape, nh] of [[[2, 3, 12], 3], [[1, 5, 8], 4], [[3, 2, 6], 1], [[2, 4, 6], 6]] as [number[], number][]) {
    const x = counting(shape);
    const [B, T, C] = shape;
    expectValues(lesson.splitHeads(x, nh), librarySplitHeads(x, nh).data, [B, nh, T, C / nh],
      `splitHeads(0, 1, 2, ... in shape (${shape.join(", ")}), ${nh})`);
  }
});

exercise("06.1", "keeps the values of random inputs", {
  points: 1,
  hint: "Only move numbers around: every value of x must appear once in the result, at out[b, h, t, i] = x[b, t, h·hs + i].",
}, () => {
  const x = randn([2, 5, 8], new Rng(61));
  expectValues(lesson.splitHeads(x, 2), librarySplitHeads(x, 2).data, [2, 2, 5, 4], `splitHeads of a random (2, 5, 8) tensor ${formatList(values(x))}, 2 heads`);
});

exercise("06.1", "rejects features that do not divide into the heads", {
  points: 1,
  hint: "Check that x is 3-D and that C % numHeads === 0 before reshaping, and throw an Error naming the shape and numHeads.",
}, () => {
  expectThrows(() => lesson.splitHeads(counting([1, 2, 6]), 4), "splitHeads of a (1, 2, 6) tensor into 4 heads (6 % 4 != 0)");
  expectThrows(() => lesson.splitHeads(counting([2, 6]), 2), "splitHeads of a 2-D (2, 6) tensor");
});

exercise("06.1", "leaves x alone", {
  points: 1,
  hint: "reshape and transpose make new tensors (or views) without touching x.data: never copy values around inside x itself.",
}, () => {
  const x = randn([2, 3, 6], new Rng(66));
  const expected = librarySplitHeads(x, 3).data;
  expectValues(expectInputsUnchanged("splitHeads(x, 3)", { x }, () => lesson.splitHeads(x, 3)), expected, [2, 3, 3, 2],
    "splitHeads of a random (2, 3, 6) tensor, 3 heads");
});

// ---- 06.2 mergeHeads -----------------------------------------------------------------------

exercise("06.2", "puts the heads side by side, head 0 first", {
  points: 2,
  hint: "out[b, t, h·hs + i] = x[b, h, t, i]: bring the token axis back in front of the head axis (transpose 1 and 2), then reshape to (B, T, nh·hs).",
}, () => {
  const heads = tensor([[[[0, 1], [4, 5]], [[2, 3], [6, 7]]]]);
  expectValues(lesson.mergeHeads(heads), [0, 1, 2, 3, 4, 5, 6, 7], [1, 2, 4], "mergeHeads([[[[0, 1], [4, 5]], [[2, 3], [6, 7]]]])");
  for (const shape of [[2, 3, 4, 2], [1, 4, 3, 5], [2, 1, 3, 4]]) {
    const x = counting(shape);
    const [B, nh, T, hs] = shape;
    expectValues(lesson.mergeHeads(x), libraryMergeHeads(x).data, [B, T, nh * hs], `mergeHeads(0, 1, 2, ... in shape (${shape.join(", ")}))`);
  }
});

exercise("06.2", "undoes splitHeads", {
  points: 1,
  hint: "mergeHeads(splitHeads(x, nh)) must give x back exactly: undo the two steps of the split in reverse order.",
}, () => {
  const x = randn([2, 5, 12], new Rng(62));
  for (const nh of [2, 3, 4]) {
    const got = lesson.mergeHeads(librarySplitHeads(x, nh));
    expectShape(got, [2, 5, 12], `mergeHeads(splitHeads(x, ${nh}))`);
    expectTrue(values(got).every((v, i) => v === x.data[i]), `mergeHeads(splitHeads(x, ${nh})) does not give x back: ${formatList(values(got))} instead of ${formatList(values(x))}`);
  }
});

exercise("06.2", "rejects a tensor that is not 4-D", {
  points: 1,
  hint: "Check x.ndim === 4 first and throw an Error naming the shape: a (B, T, C) tensor has no heads to merge.",
}, () => {
  expectThrows(() => lesson.mergeHeads(counting([2, 3, 4])), "mergeHeads of a 3-D (2, 3, 4) tensor");
});

exercise("06.2", "leaves x alone", {
  points: 1,
  hint: "transpose and reshape make new tensors (or views) without touching x.data: never rearrange the values inside x itself.",
}, () => {
  const x = randn([2, 3, 4, 2], new Rng(67));
  const expected = libraryMergeHeads(x).data;
  expectValues(expectInputsUnchanged("mergeHeads(x)", { x }, () => lesson.mergeHeads(x)), expected, [2, 4, 6],
    "mergeHeads of a random (2, 3, 4, 2) tensor");
});

// ---- 06.3 multiHeadSelfAttention -----------------------------------------------------------

exercise("06.3", "with one head and Wo = identity, is single-head attention", {
  points: 1,
  hint: "q = x Wqᵀ (transpose the (out, in) weight), scores q kᵀ / √hs, softmax over the keys, times v, then the output projection.",
}, () => {
  const rng = new Rng(63);
  const x = randn([1, 4, 6], rng);
  const w = { ...randomWeights(6, rng), wo: eye(6) };
  const q = x.matmul(w.wq.transpose(0, 1));
  const k = x.matmul(w.wk.transpose(0, 1));
  const v = x.matmul(w.wv.transpose(0, 1));
  expectValues(lesson.multiHeadSelfAttention(x, w, 1), scaledDotProductAttention(q, k, v).output.data, [1, 4, 6],
    "multiHeadSelfAttention(x (1, 4, 6), weights with Wo = identity, 1 head)");
});

exercise("06.3", "matches the library's MultiHeadAttention", {
  points: 3,
  hint: "Split q, k and v into heads, scale each head's scores by √hs (the head size, not C), merge the heads, and finish with the output projection merged Woᵀ.",
}, () => {
  const rng = new Rng(64);
  for (const [B, T, C, nh] of [[2, 5, 8, 2], [1, 6, 12, 4], [2, 3, 6, 3]]) {
    const x = randn([B, T, C], rng);
    const w = randomWeights(C, rng);
    expectValues(lesson.multiHeadSelfAttention(x, w, nh), libraryMultiHead(x, w, nh).data, [B, T, C],
      `multiHeadSelfAttention(random x (${B}, ${T}, ${C}), random weights, ${nh} heads)`, 1e-4);
  }
});

exercise("06.3", "applies a causal mask in every head", {
  points: 2,
  hint: "Pass the mask on to the attention of every head (a (T, T) mask broadcasts over B and nh); true = may attend. With a causal mask, the first token's output depends on the first token only.",
}, () => {
  const rng = new Rng(65);
  const [B, T, C, nh] = [2, 5, 8, 2];
  const x = randn([B, T, C], rng);
  const w = randomWeights(C, rng);
  const mask = causalMask(T);
  expectValues(lesson.multiHeadSelfAttention(x, w, nh, mask), libraryMultiHead(x, w, nh, mask).data, [B, T, C],
    `multiHeadSelfAttention(random x (${B}, ${T}, ${C}), random weights, ${nh} heads, causalMask(${T}))`, 1e-4);
});

exercise("06.3", "applies padding masks (B, 1, 1, T), per-sequence masks (B, 1, T, T) and per-head masks", {
  points: 2,
  hint: "The mask can be any shape that broadcasts to the scores (B, nh, T, T), not only (T, T): pass the mask tensor itself to maskedFill (or scaledDotProductAttention) and let broadcasting line it up, instead of reading mask.data as a (T, T) table.",
}, () => {
  const rng = new Rng(68);
  const [B, T, C, nh] = [2, 5, 8, 2];
  const x = randn([B, T, C], rng);
  const w = randomWeights(C, rng);
  const padding = paddingMask([5, 3], T).reshape(B, 1, 1, T);
  expectValues(lesson.multiHeadSelfAttention(x, w, nh, padding), libraryMultiHead(x, w, nh, padding).data, [B, T, C],
    `multiHeadSelfAttention(random x (${B}, ${T}, ${C}), random weights, ${nh} heads, padding mask of lengths [5, 3] as (2, 1, 1, 5))`, 1e-4);
  const both = padding.logicalAnd(causalMask(T)); // (B, 1, T, T): causal and padding at once
  expectValues(lesson.multiHeadSelfAttention(x, w, nh, both), libraryMultiHead(x, w, nh, both).data, [B, T, C],
    `multiHeadSelfAttention(…, causal AND padding mask of lengths [5, 3], shape (2, 1, 5, 5))`, 1e-4);
  const perHead = randn([1, nh, T, T], rng).gt(-0.3).logicalOr(eye(T).gt(0)); // a different mask in each head
  expectValues(lesson.multiHeadSelfAttention(x, w, nh, perHead), libraryMultiHead(x, w, nh, perHead).data, [B, T, C],
    `multiHeadSelfAttention(…, a random mask of shape (1, 2, 5, 5), different in each head)`, 1e-4);
});

exercise("06.3", "gives a query whose keys are all blocked zero attention, not NaN", {
  points: 1,
  hint: "Blocked scores must be -Infinity, and a row that is -Infinity everywhere must give weights of 0 (as maskedSoftmax in 05.2, or the library's softmax), not NaN from -∞ − (-∞) and not a uniform average from a finite fill like -1e9.",
}, () => {
  const rng = new Rng(69);
  const [B, T, C, nh] = [2, 4, 6, 3];
  const x = randn([B, T, C], rng);
  const w = randomWeights(C, rng);
  const emptySequence = paddingMask([4, 0], T).reshape(B, 1, 1, T); // sequence 1 is all padding
  expectValues(lesson.multiHeadSelfAttention(x, w, nh, emptySequence), libraryMultiHead(x, w, nh, emptySequence).data, [B, T, C],
    "multiHeadSelfAttention(…, padding mask of lengths [4, 0] as (2, 1, 1, 4)): sequence 1 has no key to attend to, its outputs must be 0", 1e-4);
  const strictlyEarlier = causalMask(T).logicalAnd(causalMask(T).transpose(0, 1).logicalNot()); // j < i: row 0 sees nothing
  expectValues(lesson.multiHeadSelfAttention(x, w, nh, strictlyEarlier), libraryMultiHead(x, w, nh, strictlyEarlier).data, [B, T, C],
    "multiHeadSelfAttention(…, a (4, 4) mask allowing only STRICTLY earlier keys): query 0 has no key, its output must be 0", 1e-4);
});

exercise("06.3", "leaves x and the weights alone", {
  points: 1,
  hint: "Projections, splits and the softmax all make new tensors; never write into x.data or a weight's data (e.g. to scale Wq by 1/√hs).",
}, () => {
  const rng = new Rng(70);
  const x = randn([2, 3, 6], rng);
  const weights = randomWeights(6, rng);
  const mask = causalMask(3);
  const expected = libraryMultiHead(x, weights, 2, mask).data;
  expectValues(expectInputsUnchanged("multiHeadSelfAttention(x, weights, 2, mask)", { x, weights, mask },
    () => lesson.multiHeadSelfAttention(x, weights, 2, mask)), expected, [2, 3, 6], "multiHeadSelfAttention(random x (2, 3, 6), random weights, 2 heads, causalMask(3))", 1e-4);
});
// ---- 06.4 review: exam-style questions on the lesson (tests/graders/review-kit.ts) ---------------

import { reviewQuestions } from "./review-kit.js";
import { MultiHeadAttention as ReviewMultiHeadAttention, Rng as ReviewRng } from "qkv";

reviewQuestions("06.4", lesson, [
  { key: "q1", topic: "head size", answer: 64,
    hint: "Every head works on its own slice of the C features." },
  { key: "q2", topic: "parameters of the layer", answer: () => new ReviewMultiHeadAttention(64, 8, new ReviewRng(0)).numParameters(),
    hint: "Count W_Q, W_K, W_V and W_O with their biases; does the number depend on the number of heads?" },
  { key: "q3", topic: "splitting the heads", answer: "d",
    hint: "Look at the numbered demo tensor: a reshape without the transpose gives the right shape and the wrong numbers." },
  { key: "q4", topic: "the output projection", answer: "c",
    hint: "Look at the measurement that perturbs one head with and without W_O." },
  { key: "q5", topic: "why several heads", answer: "b",
    hint: "Compare the heatmaps of the two heads with the one-head row of the table." },
]);
