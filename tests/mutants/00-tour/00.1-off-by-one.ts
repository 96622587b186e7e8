// Mutant of 00.1: the loop stops one element early (i < n - 1).
import type { Tensor } from "qkv";
export * from "../../../solutions/00-tour.js";

export function dot(a: Tensor, b: Tensor): number {
  if (a.size !== b.size) throw new Error(`dot: lengths ${a.size} and ${b.size} differ`);
  let sum = 0;
  for (let i = 0; i < a.size - 1; i++) sum += a.data[i] * b.data[i];
  return sum;
}
