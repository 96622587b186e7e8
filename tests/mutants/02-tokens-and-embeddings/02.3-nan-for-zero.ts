// Mutant of 02.3: divides by the lengths without a guard: a zero vector gives 0 / 0 = NaN.
import type { Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function cosineSimilarityMatrix(vectors: Tensor): Tensor {
  const unit = vectors.div(vectors.pow(2).sum(1, true).sqrt());
  return unit.matmul(unit.transpose());
}
