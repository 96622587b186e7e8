// Grader for lesson 01 (training vs inference): exercises 01.1 bigramCounts, 01.2
// countsToProbabilities, 01.3 averageNegativeLogLikelihood. The library is the oracle: counts are
// oneHot(previous)ᵀ × oneHot(next), probabilities are tensor ops, the NLL is crossEntropy on log P.
import { Rng, crossEntropy, embedding, oneHot, randn, tensor, type Tensor } from "qkv";
import {
  close, exercise, expectClose, expectInputsUnchanged, expectThrows, expectTrue, expectValues, formatList, formatNumber, target,
} from "./grader-kit.js";

type Lesson = typeof import("../../solutions/01-training-vs-inference.js");
const lesson = target<Lesson>("01-training-vs-inference");

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
const show = (sequences: number[][]) => `[${sequences.map((s) => `[${s.join(", ")}]`).join(", ")}]`;

/** The neighbour pairs inside each sequence, as int32 tensors (previous, next). */
function pairsOf(sequences: number[][]): { previous: Tensor; next: Tensor } {
  const previous: number[] = [];
  const next: number[] = [];
  for (const s of sequences) {
    for (let t = 0; t + 1 < s.length; t++) {
      previous.push(s[t]);
      next.push(s[t + 1]);
    }
  }
  return { previous: tensor(previous, { dtype: "int32" }), next: tensor(next, { dtype: "int32" }) };
}

/** Oracle for 01.1: counts = oneHot(previous)ᵀ (V, M) × oneHot(next) (M, V). */
function libraryCounts(sequences: number[][], v: number): Tensor {
  const { previous, next } = pairsOf(sequences);
  return oneHot(previous, v).transpose().matmul(oneHot(next, v));
}

/** Oracle for 01.2 with α > 0 (no empty rows): (counts + α) / rowsum. */
function libraryProbabilities(counts: Tensor, alpha: number): Tensor {
  const smoothed = counts.add(alpha);
  return smoothed.div(smoothed.sum(1, true));
}

/** Oracle for 01.3: crossEntropy with logits ln P equals -ln P[i, j] when each row of P sums to 1. */
function libraryNll(probabilities: Tensor, sequences: number[][]): number {
  const { previous, next } = pairsOf(sequences);
  return crossEntropy(embedding(probabilities.log(), previous), next).item();
}

function randomSequences(rng: Rng, count: number, v: number, maxLength: number): number[][] {
  return Array.from({ length: count }, () => {
    const inner = Array.from({ length: rng.int(0, maxLength) }, () => rng.int(1, v));
    return [0, ...inner, 0]; // boundary mark 0 at both ends, as names are encoded in the lesson
  });
}

function randomProbabilities(rng: Rng, v: number): Tensor {
  return randn([v, v], rng).mul(2).softmax(-1);
}

// ---- 01.1 bigramCounts ---------------------------------------------------------------------

exercise("01.1", "counts how often each token follows each other token", {
  points: 2,
  hint: "Row = the earlier token, column = the token that follows it: add 1 at [sequence[t], sequence[t + 1]] for every t whose t + 1 is still inside the sequence. Return a (V, V) tensor.",
}, () => {
  const example = [[0, 1, 2, 2, 0], [0, 2, 1, 0]];
  expectValues(lesson.bigramCounts(example, 3), [0, 1, 1, 1, 0, 1, 1, 1, 1], [3, 3], `bigramCounts(${show(example)}, 3)`);
  const one = [[0, 1, 1, 1]];
  expectValues(lesson.bigramCounts(one, 2), [0, 1, 0, 2], [2, 2], `bigramCounts(${show(one)}, 2)`);
  const rng = new Rng(11);
  for (const [count, v] of [[5, 4], [40, 9]]) {
    const sequences = randomSequences(rng, count, v, 8);
    const expected = values(libraryCounts(sequences, v)); // before the call, in case it changes sequences
    expectValues(lesson.bigramCounts(sequences, v), expected, [v, v],
      `bigramCounts of ${count} random sequences over ${v} tokens, starting ${show(sequences.slice(0, 2))}`);
  }
});

exercise("01.1", "never pairs the end of one sequence with the start of the next", {
  points: 1,
  hint: "Each sequence is a separate example (a separate name): count pairs inside each one, never by joining the sequences together. Sequences of length 0 or 1 have no pairs.",
}, () => {
  const separate = [[0, 1], [2, 0]];
  expectValues(lesson.bigramCounts(separate, 3), [0, 1, 0, 0, 0, 0, 1, 0, 0], [3, 3],
    `bigramCounts(${show(separate)}, 3) (the pair 1 → 2 crosses from one sequence to the next)`);
  const short = [[], [2], [1, 1], [0]];
  expectValues(lesson.bigramCounts(short, 3), [0, 0, 0, 0, 1, 0, 0, 0, 0], [3, 3], `bigramCounts(${show(short)}, 3)`);
});

exercise("01.1", "rejects ids outside the vocabulary, wherever they are", {
  points: 1,
  hint: "Check EVERY id of every sequence before counting (the first, the middle ones, the last one, and the only id of a one-token sequence): 0 ≤ id < vocabSize, else throw an Error naming the id. Checking ids only as they start a pair misses the last one; writing outside the (V, V) table silently corrupts other entries.",
}, () => {
  for (const bad of [[[3, 0, 1]], [[0, 3, 1]], [[0, 1, 3]], [[0, 1], [2, 0, -1]], [[0, 2], [4]]]) {
    expectThrows(() => lesson.bigramCounts(bad, 3), `bigramCounts(${show(bad)}, 3) (ids must be in [0, 3))`);
  }
});

exercise("01.1", "rejects ids that are not integers", {
  points: 1,
  hint: "A range check alone lets 1.5 through (0 ≤ 1.5 < V), and Math.floor would silently turn it into another token: check Number.isInteger(id) too, for every id, and throw an Error naming it.",
}, () => {
  for (const bad of [[[0, 1.5, 2]], [[1.5, 0]], [[0, 1, 2.5]], [[0, Number.NaN]]]) {
    expectThrows(() => lesson.bigramCounts(bad, 3), `bigramCounts(${show(bad)}, 3) (ids must be integers)`);
  }
});

exercise("01.1", "leaves the sequences alone", {
  points: 1,
  hint: "Read the sequences with indices (sequence[t], sequence[t + 1]); shift(), pop(), splice() or sort() on them empties or reorders the caller's data.",
}, () => {
  const sequences = [[0, 1, 2, 2, 0], [0, 2, 1, 0], [1]];
  const expected = values(libraryCounts(sequences, 3));
  expectValues(expectInputsUnchanged(`bigramCounts(${show(sequences)}, 3)`, { sequences }, () => lesson.bigramCounts(sequences, 3)),
    expected, [3, 3], `bigramCounts(${show(sequences)}, 3)`);
});

// ---- 01.2 countsToProbabilities ------------------------------------------------------------

exercise("01.2", "normalises every row to a probability distribution", {
  points: 2,
  hint: "Add α to every count, then divide each entry by the sum of ITS ROW (the counts after the same earlier token), α's included: P[i, j] = (c[i, j] + α) / Σₖ (c[i, k] + α).",
}, () => {
  expectValues(lesson.countsToProbabilities(tensor([[1, 3], [2, 2]])), [0.25, 0.75, 0.5, 0.5], [2, 2], "countsToProbabilities([[1, 3], [2, 2]])");
  expectValues(lesson.countsToProbabilities(tensor([[1, 3], [2, 2]]), 1), [2 / 6, 4 / 6, 0.5, 0.5], [2, 2], "countsToProbabilities([[1, 3], [2, 2]], 1)");
  const rng = new Rng(12);
  for (const [v, alpha] of [[4, 0.5], [9, 0.01], [9, 3]]) {
    const counts = randn([v, v], rng).abs().mul(5).add(0.5).to("int32").to("float32");
    const got = lesson.countsToProbabilities(counts, alpha);
    expectValues(got, values(libraryProbabilities(counts, alpha)), [v, v], `countsToProbabilities(random ${v}x${v} counts starting ${formatList(values(counts))}, ${alpha})`);
    for (let i = 0; i < v; i++) {
      let sum = 0;
      for (let j = 0; j < v; j++) sum += got.data[i * v + j];
      expectTrue(close(sum, 1), `countsToProbabilities(…, ${alpha}): row ${i} sums to ${formatNumber(sum)}, expected 1`);
    }
  }
});

exercise("01.2", "gives a uniform row where nothing was counted", {
  points: 1,
  hint: "With α = 0 a row of zero counts has sum 0, and 0 / 0 is NaN. When a row's total is 0, return 1/V for each of its entries.",
}, () => {
  expectValues(lesson.countsToProbabilities(tensor([[0, 0, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0], [0, 2, 0, 0]])),
    [0.25, 0.25, 0.25, 0.25, 0.5, 0, 0, 0.5, 0.25, 0.25, 0.25, 0.25, 0, 1, 0, 0], [4, 4],
    "countsToProbabilities([[0, 0, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0], [0, 2, 0, 0]])");
});

exercise("01.2", "leaves its input alone and rejects bad input", {
  points: 1,
  hint: "Build the result in a new tensor (never write into counts.data, e.g. to add α). Throw an Error when counts is not a square (V, V) matrix or when α is negative.",
}, () => {
  const counts = tensor([[2, 0, 1], [0, 0, 5], [1, 1, 1]]);
  const expected = values(libraryProbabilities(counts, 0.5));
  const got = expectInputsUnchanged("countsToProbabilities(counts, 0.5)", { counts }, () => lesson.countsToProbabilities(counts, 0.5));
  expectValues(got, expected, [3, 3], `countsToProbabilities(${formatList(values(counts))}, 0.5)`);
  const empty = tensor([[0, 0], [3, 1]]);
  expectValues(expectInputsUnchanged("countsToProbabilities([[0, 0], [3, 1]])", { counts: empty }, () => lesson.countsToProbabilities(empty)),
    [0.5, 0.5, 0.75, 0.25], [2, 2], "countsToProbabilities([[0, 0], [3, 1]])");
  expectThrows(() => lesson.countsToProbabilities(tensor([[1, 2, 3], [4, 5, 6]])), "countsToProbabilities of a (2, 3) matrix");
  expectThrows(() => lesson.countsToProbabilities(tensor([[1, 2], [3, 4]]), -1), "countsToProbabilities([[1, 2], [3, 4]], -1)");
});

// ---- 01.3 averageNegativeLogLikelihood -----------------------------------------------------

exercise("01.3", "averages -ln P over the pairs", {
  points: 2,
  hint: "For each pair (i → j) inside a sequence, look up P[i, j] (row = earlier token) and take -Math.log of it (the natural log). Add them all up and divide by the number of pairs.",
}, () => {
  const p = tensor([[0.5, 0.5], [0.25, 0.75]]);
  expectClose(lesson.averageNegativeLogLikelihood(p, [[0, 1, 1]]), -(Math.log(0.5) + Math.log(0.75)) / 2, "averageNegativeLogLikelihood([[0.5, 0.5], [0.25, 0.75]], [[0, 1, 1]])");
  expectClose(lesson.averageNegativeLogLikelihood(p, [[1, 0]]), Math.log(4), "averageNegativeLogLikelihood([[0.5, 0.5], [0.25, 0.75]], [[1, 0]])");
  const uniform = tensor(new Float32Array(25).fill(0.2), { shape: [5, 5] });
  expectClose(lesson.averageNegativeLogLikelihood(uniform, [[0, 3, 4, 0], [1, 2]]), Math.log(5), "averageNegativeLogLikelihood(uniform 5x5, [[0, 3, 4, 0], [1, 2]]) (ln 5)");
  const rng = new Rng(13);
  for (const [count, v] of [[6, 5], [30, 12]]) {
    const probabilities = randomProbabilities(rng, v);
    const sequences = randomSequences(rng, count, v, 9);
    expectClose(lesson.averageNegativeLogLikelihood(probabilities, sequences), libraryNll(probabilities, sequences),
      `averageNegativeLogLikelihood(random ${v}x${v} P, ${count} random sequences starting ${show(sequences.slice(0, 2))})`);
  }
});

exercise("01.3", "gives every pair the same weight, whatever its sequence's length", {
  points: 1,
  hint: "Divide once, by the total number of pairs in ALL sequences; averaging each sequence first and then averaging those averages gives short sequences too much weight.",
}, () => {
  const p = tensor([[0.1, 0.9], [0.6, 0.4]]);
  const sequences = [[0, 1, 1, 1, 1, 1], [1, 0]];
  const expected = -(Math.log(0.9) + 4 * Math.log(0.4) + Math.log(0.6)) / 6;
  expectClose(lesson.averageNegativeLogLikelihood(p, sequences), expected, `averageNegativeLogLikelihood([[0.1, 0.9], [0.6, 0.4]], ${show(sequences)})`);
});

exercise("01.3", "gives Infinity for an impossible pair and refuses an empty average", {
  points: 1,
  hint: "-ln 0 = Infinity: a model that gives probability 0 to something that happens is infinitely surprised; don't skip or clamp such pairs. With no pairs at all, throw an Error instead of returning 0 / 0.",
}, () => {
  const p = tensor([[0, 1], [0.5, 0.5]]);
  expectClose(lesson.averageNegativeLogLikelihood(p, [[1, 1, 0, 0]]), Infinity, "averageNegativeLogLikelihood([[0, 1], [0.5, 0.5]], [[1, 1, 0, 0]]) (P[0, 0] = 0)");
  expectClose(lesson.averageNegativeLogLikelihood(p, [[0, 1, 0]]), -Math.log(0.5) / 2, "averageNegativeLogLikelihood([[0, 1], [0.5, 0.5]], [[0, 1, 0]])");
  expectThrows(() => lesson.averageNegativeLogLikelihood(p, [[1], []]), "averageNegativeLogLikelihood(P, [[1], []]) (no pairs)");
});

exercise("01.3", "rejects ids outside the vocabulary or not integers, wherever they are", {
  points: 1,
  hint: "Check every id (first, middle, LAST of each sequence, and a lone id) before looking it up: an integer with 0 ≤ id < V, else throw an Error naming it. Without the check, P.data[i * V + j] for j = V quietly reads the next row, and 1.5 reads undefined (NaN).",
}, () => {
  const p = tensor([[0.2, 0.3, 0.5], [0.6, 0.2, 0.2], [0.1, 0.1, 0.8]]);
  for (const bad of [[[3, 0, 1]], [[0, 3, 1]], [[0, 1, 3]], [[0, 1], [2, 0, -1]], [[0, 2], [5]], [[0, 1.5, 2]], [[0, 1, 2.5]]]) {
    expectThrows(() => lesson.averageNegativeLogLikelihood(p, bad), `averageNegativeLogLikelihood(3x3 P, ${show(bad)}) (ids must be integers in [0, 3))`);
  }
});

exercise("01.3", "leaves its inputs alone", {
  points: 1,
  hint: "Only read the probabilities and the sequences: take logs into new numbers or tensors, never into probabilities.data, and do not shift() or sort the sequences.",
}, () => {
  const rng = new Rng(14);
  const probabilities = randomProbabilities(rng, 4);
  const sequences = [[0, 3, 1, 0], [0, 2, 0], [1]];
  const expected = libraryNll(probabilities, sequences);
  expectClose(expectInputsUnchanged("averageNegativeLogLikelihood(P, sequences)", { probabilities, sequences },
    () => lesson.averageNegativeLogLikelihood(probabilities, sequences)), expected, `averageNegativeLogLikelihood(random 4x4 P, ${show(sequences)})`);
});
// ---- 01.4 review: exam-style questions on the lesson (tests/graders/review-kit.ts) ---------------

import { reviewQuestions } from "./review-kit.js";

reviewQuestions("01.4", lesson, [
  { key: "q1", topic: "what happens at inference", answer: "d",
    hint: "Reread the definitions at the start of the lesson and the summary's first line." },
  { key: "q2", topic: "the loss of a blind guess", answer: Math.log(27),
    hint: "The loss is −(1/M) Σ ln P; what is P for every prediction when all V symbols are equally likely?" },
  { key: "q3", topic: "a loss from probabilities", answer: -(Math.log(0.5) + Math.log(0.25) + Math.log(0.5) + Math.log(0.125)) / 4,
    hint: "Average −ln P over the four predictions (section on the loss)." },
  { key: "q4", topic: "overfitting", answer: "b",
    hint: "Look at the table and figure that compare training and validation loss as the context grows." },
  { key: "q5", topic: "what gradient descent does", answer: "d",
    hint: "Reread the section that fits the bigram table by gradient descent." },
]);
