// Mutant of 00.3: the formula is right but a zero vector gives 0 / 0 = NaN.
import type { Tensor } from "qkv";
import { dot } from "../../../solutions/00-tour.js";
export * from "../../../solutions/00-tour.js";

export function cosineSimilarity(a: Tensor, b: Tensor): number {
  return dot(a, b) / (Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)));
}
