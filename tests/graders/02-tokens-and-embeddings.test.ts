// Grader for lesson 02 (tokens and embeddings): exercises 02.1 oneHot, 02.2 embeddingLookup,
// 02.3 cosineSimilarityMatrix. The library is the oracle: its oneHot and embedding, and cosines from
// matmul and sums.
import { Rng, embedding, oneHot as libraryOneHot, randint, randn, tensor, type Tensor } from "qkv";
import {
  close, exercise, expectInputsUnchanged, expectThrows, expectTrue, expectValues, formatList, formatNumber, target,
} from "./grader-kit.js";

type Lesson = typeof import("../../solutions/02-tokens-and-embeddings.js");
const lesson = target<Lesson>("02-tokens-and-embeddings");

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
const ids = (list: number[]) => tensor(list, { dtype: "int32" });
const randomIds = (rng: Rng, n: number, v: number): number[] => values(randint(0, v, [n], rng));

/** Oracle for 02.3: cosines computed pair by pair from the library's dot products. */
function libraryCosines(vectors: Tensor): number[] {
  const [n] = vectors.shape;
  const gram = vectors.matmul(vectors.transpose()); // (N, N) dot products
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const norms = Math.sqrt(gram.data[i * n + i] * gram.data[j * n + j]);
      out.push(norms === 0 ? 0 : gram.data[i * n + j] / norms);
    }
  }
  return out;
}

// ---- 02.1 oneHot ---------------------------------------------------------------------------

exercise("02.1", "puts a single 1 in each row, at the token's id", {
  points: 2,
  hint: "The result has one ROW per id and one COLUMN per vocabulary entry: shape (ids.length, vocabSize). In the flat row-major data, row i, column k is at i * vocabSize + k.",
}, () => {
  expectValues(lesson.oneHot([2, 0], 3), [0, 0, 1, 1, 0, 0], [2, 3], "oneHot([2, 0], 3)");
  expectValues(lesson.oneHot([1, 1, 3], 5), [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [3, 5], "oneHot([1, 1, 3], 5)");
  const rng = new Rng(21);
  for (const [n, v] of [[7, 4], [5, 30]]) {
    const list = randomIds(rng, n, v);
    expectValues(lesson.oneHot(list, v), values(libraryOneHot(ids(list), v)), [n, v], `oneHot([${list.join(", ")}], ${v})`);
  }
});

exercise("02.1", "handles the first and last id and an empty list", {
  points: 1,
  hint: "Ids run from 0 to vocabSize - 1 inclusive (not from 1). An empty list gives a tensor of shape (0, vocabSize).",
}, () => {
  expectValues(lesson.oneHot([0, 3], 4), [1, 0, 0, 0, 0, 0, 0, 1], [2, 4], "oneHot([0, 3], 4)");
  expectValues(lesson.oneHot([], 6), [], [0, 6], "oneHot([], 6)");
});

exercise("02.1", "rejects ids outside the vocabulary or not integers, wherever they are", {
  points: 1,
  hint: "Check EVERY id before writing, the last one included: an integer with 0 ≤ id < vocabSize, else throw an Error naming it. A 1 written at position V spills into the next row; 1.5 is not a token (never round it).",
}, () => {
  for (const bad of [[3, 0, 1], [0, 3, 1], [0, 1, 3], [-1], [2, 0, -1], [1.5], [0, 1, 2.5], [0, Number.NaN]]) {
    expectThrows(() => lesson.oneHot(bad, 3), `oneHot([${bad.join(", ")}], 3) (ids must be integers in [0, 3))`);
  }
});

exercise("02.1", "leaves the ids alone", {
  points: 1,
  hint: "Only read ids: no sort(), reverse() or writes into the caller's array.",
}, () => {
  const list = [3, 0, 2, 0];
  expectValues(expectInputsUnchanged("oneHot([3, 0, 2, 0], 4)", { ids: list }, () => lesson.oneHot(list, 4)),
    values(libraryOneHot(ids([3, 0, 2, 0]), 4)), [4, 4], "oneHot([3, 0, 2, 0], 4)");
});

// ---- 02.2 embeddingLookup ------------------------------------------------------------------

exercise("02.2", "gives row ids[i] of the matrix", {
  points: 2,
  hint: "Row k of a (V, C) matrix starts at flat position k * C (C = weight.shape[1], the number of columns) and has C values. The result has one row per id: shape (ids.length, C).",
}, () => {
  const weight = tensor([[1, 2], [3, 4], [5, 6]]);
  expectValues(lesson.embeddingLookup(weight, [2, 0, 2]), [5, 6, 1, 2, 5, 6], [3, 2], "embeddingLookup([[1, 2], [3, 4], [5, 6]], [2, 0, 2])");
  const rng = new Rng(22);
  for (const [v, c, n] of [[5, 3, 4], [4, 4, 6], [11, 7, 9]]) {
    const w = randn([v, c], rng);
    const list = randomIds(rng, n, v);
    expectValues(lesson.embeddingLookup(w, list), values(embedding(w, ids(list))), [n, c], `embeddingLookup(random (${v}, ${c}) matrix, [${list.join(", ")}])`);
  }
});

exercise("02.2", "equals one-hot rows times the matrix", {
  points: 1,
  hint: "oneHot(ids, V) × weight picks out rows of weight, not columns: make sure you read along a row of weight (consecutive values), not down a column.",
}, () => {
  const rng = new Rng(23);
  const w = randn([6, 6], rng);
  const list = [5, 1, 0, 3];
  const viaProduct = libraryOneHot(ids(list), 6).matmul(w);
  expectValues(lesson.embeddingLookup(w, list), values(viaProduct), [4, 6], `embeddingLookup(W, [5, 1, 0, 3]) compared with oneHot([5, 1, 0, 3], 6) × W, W = ${formatList(values(w))}`);
});

exercise("02.2", "copies rows and leaves its inputs alone", {
  points: 1,
  hint: "Copy the values into a new tensor: a view of weight.data would let changes to the result leak into the matrix. Only read weight and ids.",
}, () => {
  const weight = tensor([[1, 2, 3], [4, 5, 6]]);
  const list = [1, 0, 1];
  const got = expectInputsUnchanged("embeddingLookup(weight, [1, 0, 1])", { weight, ids: list }, () => lesson.embeddingLookup(weight, list));
  expectValues(got, [4, 5, 6, 1, 2, 3, 4, 5, 6], [3, 3], "embeddingLookup([[1, 2, 3], [4, 5, 6]], [1, 0, 1])");
  (got as Tensor).data[0] = 100;
  expectTrue(values(weight).join() === "1,2,3,4,5,6", `changing the result of embeddingLookup changed the matrix: it is now ${formatList(values(weight))}`);
});

exercise("02.2", "rejects ids outside [0, V) or not integers, wherever they are", {
  points: 1,
  hint: "Check EVERY id (the last one too) before copying: an integer with 0 ≤ id < V, else throw an Error naming it. A range check alone lets 1.5 through, and Math.floor(1.5) silently picks another token.",
}, () => {
  const weight = tensor([[1, 2, 3], [4, 5, 6]]);
  for (const bad of [[2, 0], [0, 2, 1], [0, 1, 2], [-1], [1, 0, -1], [1.5], [0, 1, 0.5], [0, Number.NaN]]) {
    expectThrows(() => lesson.embeddingLookup(weight, bad), `embeddingLookup((2, 3) matrix, [${bad.join(", ")}]) (ids must be integers in [0, 2))`);
  }
});

// ---- 02.3 cosineSimilarityMatrix -----------------------------------------------------------

exercise("02.3", "gives the cosine of every pair of rows", {
  points: 2,
  hint: "S[i, j] = dot(vᵢ, vⱼ) / (‖vᵢ‖·‖vⱼ‖), with ‖v‖ = √(v·v), over the C values of each ROW. Dividing each row by its length first turns the whole matrix into one product U Uᵀ.",
}, () => {
  expectValues(lesson.cosineSimilarityMatrix(tensor([[1, 0], [1, 1], [0, 2]])),
    [1, Math.SQRT1_2, 0, Math.SQRT1_2, 1, Math.SQRT1_2, 0, Math.SQRT1_2, 1], [3, 3], "cosineSimilarityMatrix([[1, 0], [1, 1], [0, 2]])");
  expectValues(lesson.cosineSimilarityMatrix(tensor([[3, 4], [-6, -8]])), [1, -1, -1, 1], [2, 2], "cosineSimilarityMatrix([[3, 4], [-6, -8]])");
  const rng = new Rng(24);
  for (const [n, c] of [[4, 3], [6, 10], [3, 8]]) {
    const v = randn([n, c], rng).mul(rng.next() * 5 + 0.5);
    expectValues(lesson.cosineSimilarityMatrix(v), libraryCosines(v), [n, n], `cosineSimilarityMatrix of a random (${n}, ${c}) matrix ${formatList(values(v))}`);
  }
});

exercise("02.3", "ignores the vectors' lengths", {
  points: 1,
  hint: "Scaling a row by a positive number must not change any cosine; divide by the lengths themselves (square roots), not by their squares.",
}, () => {
  const v = tensor([[1, 2, 2], [2, -1, 0], [0, 3, 4]]);
  const scaled = tensor([[10, 20, 20], [0.2, -0.1, 0], [0, 30, 40]]);
  const base = libraryCosines(v);
  expectValues(lesson.cosineSimilarityMatrix(scaled), base, [3, 3], "cosineSimilarityMatrix([[10, 20, 20], [0.2, -0.1, 0], [0, 30, 40]]) (rows of different lengths)");
  const got = lesson.cosineSimilarityMatrix(v);
  for (let i = 0; i < 3; i++) {
    expectTrue(close(got.data[i * 4], 1), `cosineSimilarityMatrix(…): diagonal entry ${i} is ${formatNumber(got.data[i * 4])}, expected 1 (a vector has cosine 1 with itself)`);
  }
});

exercise("02.3", "gives 0, not NaN, for a zero vector", {
  points: 1,
  hint: "A zero row has length 0 and 0 / 0 is NaN. Treat its length as 1 (or skip the division) so that its row and column of cosines are 0.",
}, () => {
  expectValues(lesson.cosineSimilarityMatrix(tensor([[1, 0], [1, 1], [0, 0]])),
    [1, Math.SQRT1_2, 0, Math.SQRT1_2, 1, 0, 0, 0, 0], [3, 3], "cosineSimilarityMatrix([[1, 0], [1, 1], [0, 0]])");
});

exercise("02.3", "is exact for tiny and huge vectors (no epsilon)", {
  points: 1,
  hint: "Only an all-zero row is special. Dividing by (norm + 1e-8), or by max(norm, eps), is wrong for short vectors (norms around 1e-6): a tiny vector must still have cosine 1 with itself. Treat a norm of exactly 0 as the special case.",
}, () => {
  const v = tensor([[1, 2, 2], [2, -1, 0], [0, 3, 4], [-1, 0, 1]]);
  const scales = tensor([[1e-6], [3e-7], [1], [2e4]]);
  const scaled = v.mul(scales);
  expectValues(lesson.cosineSimilarityMatrix(scaled), libraryCosines(v), [4, 4],
    "cosineSimilarityMatrix of rows [1, 2, 2]·1e-6, [2, -1, 0]·3e-7, [0, 3, 4], [-1, 0, 1]·2e4");
  const tiny = v.mul(1e-6);
  expectValues(lesson.cosineSimilarityMatrix(tiny), libraryCosines(v), [4, 4], "cosineSimilarityMatrix of four rows scaled by 1e-6");
});

exercise("02.3", "leaves its input alone", {
  points: 1,
  hint: "Normalise into a new tensor (vectors.div(norms)); dividing vectors.data in place leaves the caller with unit vectors.",
}, () => {
  const vectors = tensor([[3, 4], [1, -1], [0, 0], [-2, 5]]);
  const expected = libraryCosines(vectors);
  expectValues(expectInputsUnchanged("cosineSimilarityMatrix(vectors)", { vectors }, () => lesson.cosineSimilarityMatrix(vectors)),
    expected, [4, 4], `cosineSimilarityMatrix(${formatList(values(vectors))} as (4, 2))`);
});
// ---- 02.4 review: exam-style questions on the lesson (tests/graders/review-kit.ts) ---------------

import { reviewQuestions } from "./review-kit.js";
import { Embedding as ReviewEmbedding, Rng as ReviewRng } from "qkv";

reviewQuestions("02.4", lesson, [
  { key: "q1", topic: "one-hot times the table", answer: "c",
    hint: "Multiply a row that is 0 everywhere except a 1 at position k by W (section on one-hot vectors)." },
  { key: "q2", topic: "parameters of an embedding", answer: () => new ReviewEmbedding(10000, 64, new ReviewRng(0)).numParameters(),
    hint: "The table has one row of C numbers per token." },
  { key: "q3", topic: "why subword tokens", answer: "a",
    hint: "Compare the three tokenizers of the lesson: sequence length and unknown words." },
  { key: "q4", topic: "random vectors in high dimension", answer: 0, tolerance: 0.05,
    hint: "Look at the table of mean |cos| between random vectors as the dimension C grows." },
  { key: "q5", topic: "one BPE training step", answer: "b",
    hint: "Reread how BPE learns its vocabulary, merge by merge." },
]);
