// Lesson 02 — reference answers. Same exports as exercises/02-tokens-and-embeddings.ts; the graders
// check them too (`npm run grade -- --solutions 02`). 02.1 and 02.2 use loops, 02.3 tensor ops.
import { Tensor, tensor } from "qkv";

function checkIds(ids: number[], vocabSize: number, op: string): void {
  ids.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new Error(`${op}: id ${id} at position ${i} is not an integer in [0, ${vocabSize})`);
    }
  });
}

/** 02.1 — (N, V): row i has a single 1, at column ids[i]. */
export function oneHot(ids: number[], vocabSize: number): Tensor {
  if (!Number.isInteger(vocabSize) || vocabSize <= 0) throw new Error(`oneHot: vocabSize must be a positive integer, got ${vocabSize}`);
  checkIds(ids, vocabSize, "oneHot");
  const data = new Float32Array(ids.length * vocabSize);
  ids.forEach((id, i) => {
    data[i * vocabSize + id] = 1;
  });
  return tensor(data, { shape: [ids.length, vocabSize] });
}

/** 02.2 — (N, C): row i is a copy of row ids[i] of weight (V, C). */
export function embeddingLookup(weight: Tensor, ids: number[]): Tensor {
  if (weight.ndim !== 2) throw new Error(`embeddingLookup: weight must be (V, C), got shape (${weight.shape.join(",")})`);
  const [v, c] = weight.shape;
  checkIds(ids, v, "embeddingLookup");
  const data = new Float32Array(ids.length * c);
  ids.forEach((id, i) => {
    for (let k = 0; k < c; k++) data[i * c + k] = weight.data[id * c + k];
  });
  return tensor(data, { shape: [ids.length, c] });
}

/** 02.3 — (N, N) cosines: normalise each row to length 1 (zero rows stay zero), then U Uᵀ. */
export function cosineSimilarityMatrix(vectors: Tensor): Tensor {
  if (vectors.ndim !== 2) throw new Error(`cosineSimilarityMatrix: vectors must be (N, C), got shape (${vectors.shape.join(",")})`);
  const norms = vectors.pow(2).sum(1, true).sqrt(); // (N, 1)
  // A zero row divided by 1 stays zero, so its cosines are 0 instead of 0 / 0.
  const safe = norms.maskedFill(norms.eq(0), 1);
  const unit = vectors.div(safe); // (N, C)
  return unit.matmul(unit.transpose()); // (N, C) x (C, N) -> (N, N)
}

// ---- 02.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 02.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 02.4` or `await check("02.4")` in the notebook.
 */
export const review: {
  q1: Choice | undefined;
  q2: number | undefined;
  q3: Choice | undefined;
  q4: number | undefined;
  q5: Choice | undefined;
} = {
  q1: "c", // one-hot times the table
  q2: 640000, // parameters of an embedding
  q3: "a", // why subword tokens
  q4: 0, // random vectors in high dimension
  q5: "b", // one BPE training step
};
