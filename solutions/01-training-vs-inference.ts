// Lesson 01 — reference answers. Same exports as exercises/01-training-vs-inference.ts; the graders
// check them too (`npm run grade -- --solutions 01`).
import { Tensor, tensor } from "qkv";

function checkId(id: number, vocabSize: number, where: string): void {
  if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
    throw new Error(`${where}: id ${id} is not an integer in [0, ${vocabSize}) (vocabSize ${vocabSize})`);
  }
}

/** 01.1 — (V, V) counts: [i, j] = how often j directly follows i inside a sequence. */
export function bigramCounts(sequences: number[][], vocabSize: number): Tensor {
  if (!Number.isInteger(vocabSize) || vocabSize <= 0) throw new Error(`bigramCounts: vocabSize must be a positive integer, got ${vocabSize}`);
  const counts = new Float32Array(vocabSize * vocabSize);
  for (const sequence of sequences) {
    for (const id of sequence) checkId(id, vocabSize, "bigramCounts");
    // Pairs stop at the end of each sequence: two names are not neighbours.
    for (let t = 0; t + 1 < sequence.length; t++) counts[sequence[t] * vocabSize + sequence[t + 1]] += 1;
  }
  return tensor(counts, { shape: [vocabSize, vocabSize] });
}

/** 01.2 — (counts + α) normalised over each row; an empty row with α = 0 becomes uniform. */
export function countsToProbabilities(counts: Tensor, smoothing = 0): Tensor {
  if (counts.ndim !== 2 || counts.shape[0] !== counts.shape[1]) {
    throw new Error(`countsToProbabilities: counts must be a square (V, V) matrix, got shape (${counts.shape.join(",")})`);
  }
  if (!(smoothing >= 0)) throw new Error(`countsToProbabilities: smoothing must be >= 0, got ${smoothing}`);
  const v = counts.shape[0];
  const out = new Float32Array(v * v);
  for (let i = 0; i < v; i++) {
    let total = 0;
    for (let j = 0; j < v; j++) total += counts.data[i * v + j] + smoothing;
    for (let j = 0; j < v; j++) out[i * v + j] = total > 0 ? (counts.data[i * v + j] + smoothing) / total : 1 / v;
  }
  return tensor(out, { shape: [v, v] });
}

/** 01.3 — -(1/M) Σ ln P[i, j] over the M pairs inside the sequences; a plain number. */
export function averageNegativeLogLikelihood(probabilities: Tensor, sequences: number[][]): number {
  const v = probabilities.shape[0];
  let total = 0;
  let pairs = 0;
  for (const sequence of sequences) {
    // Every id is checked, also the last one and the only id of a one-token sequence.
    for (const id of sequence) checkId(id, v, "averageNegativeLogLikelihood");
    for (let t = 0; t + 1 < sequence.length; t++) {
      total -= Math.log(probabilities.data[sequence[t] * v + sequence[t + 1]]);
      pairs++;
    }
  }
  if (pairs === 0) throw new Error("averageNegativeLogLikelihood: the sequences contain no pairs; the average of nothing is undefined");
  return total / pairs;
}

// ---- 01.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 01.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 01.4` or `await check("01.4")` in the notebook.
 */
export const review: {
  q1: Choice | undefined;
  q2: number | undefined;
  q3: number | undefined;
  q4: Choice | undefined;
  q5: Choice | undefined;
} = {
  q1: "d", // what happens at inference
  q2: Math.log(27), // the loss of a blind guess
  q3: -(Math.log(0.5) + Math.log(0.25) + Math.log(0.5) + Math.log(0.125)) / 4, // a loss from probabilities
  q4: "b", // overfitting
  q5: "d", // what gradient descent does
};
