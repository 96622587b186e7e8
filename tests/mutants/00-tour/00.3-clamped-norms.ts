// Mutant of 00.3: clamps the product of the norms from below, as torch.nn.functional.cosine_similarity
// does with eps = 1e-8: tiny but non-zero vectors no longer get their true cosine.
import type { Tensor } from "qkv";
import { dot } from "../../../solutions/00-tour.js";
export * from "../../../solutions/00-tour.js";

export function cosineSimilarity(a: Tensor, b: Tensor): number {
  return dot(a, b) / Math.max(Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)), 1e-8);
}
