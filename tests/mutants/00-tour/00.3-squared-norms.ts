// Mutant of 00.3: divides by a·a times b·b (the squared norms) instead of their square roots.
import type { Tensor } from "qkv";
import { dot } from "../../../solutions/00-tour.js";
export * from "../../../solutions/00-tour.js";

export function cosineSimilarity(a: Tensor, b: Tensor): number {
  const squares = dot(a, a) * dot(b, b);
  if (squares === 0) return 0;
  return dot(a, b) / squares;
}
