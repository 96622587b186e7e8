// Mutant of 00.1: no length check; it silently sums over the shorter vector.
import type { Tensor } from "qkv";
export * from "../../../solutions/00-tour.js";

export function dot(a: Tensor, b: Tensor): number {
  const n = Math.min(a.size, b.size);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a.data[i] * b.data[i];
  return sum;
}
