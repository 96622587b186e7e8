// Mutant of 00.3: divides by the norm of a only, forgetting ‖b‖.
import type { Tensor } from "qkv";
import { dot } from "../../../solutions/00-tour.js";
export * from "../../../solutions/00-tour.js";

export function cosineSimilarity(a: Tensor, b: Tensor): number {
  const normA = Math.sqrt(dot(a, a));
  if (normA === 0) return 0;
  return dot(a, b) / normA;
}
