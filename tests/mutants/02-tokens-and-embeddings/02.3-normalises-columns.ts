// Mutant of 02.3: normalises each COLUMN (feature) to length 1 instead of each row (vector).
import type { Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function cosineSimilarityMatrix(vectors: Tensor): Tensor {
  const norms = vectors.pow(2).sum(0, true).sqrt(); // (1, C)
  const safe = norms.maskedFill(norms.eq(0), 1);
  const unit = vectors.div(safe);
  return unit.matmul(unit.transpose());
}
