// Mutant of 02.3: forgets to normalise: returns the raw dot products vᵢ·vⱼ (the Gram matrix).
import type { Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function cosineSimilarityMatrix(vectors: Tensor): Tensor {
  return vectors.matmul(vectors.transpose());
}
