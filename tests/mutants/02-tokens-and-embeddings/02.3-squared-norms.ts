// Mutant of 02.3: divides by the squared lengths ‖vᵢ‖²‖vⱼ‖² instead of the lengths.
import type { Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function cosineSimilarityMatrix(vectors: Tensor): Tensor {
  const squares = vectors.pow(2).sum(1, true); // (N, 1)
  const safe = squares.maskedFill(squares.eq(0), 1);
  const scaled = vectors.div(safe);
  return scaled.matmul(scaled.transpose());
}
