// Mutant of 00.3: adds a small epsilon to the product of the norms "to avoid dividing by zero". Right
// for vectors of ordinary length, but for tiny vectors (norms ~1e-6) the epsilon swamps the product.
import type { Tensor } from "qkv";
import { dot } from "../../../solutions/00-tour.js";
export * from "../../../solutions/00-tour.js";

export function cosineSimilarity(a: Tensor, b: Tensor): number {
  return dot(a, b) / (Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b)) + 1e-8);
}
