// Mutant of 01.2: divides by the row total without a guard: an empty row with α = 0 becomes 0 / 0 = NaN.
import type { Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function countsToProbabilities(counts: Tensor, smoothing = 0): Tensor {
  if (counts.ndim !== 2 || counts.shape[0] !== counts.shape[1]) throw new Error("countsToProbabilities: not square");
  if (!(smoothing >= 0)) throw new Error("countsToProbabilities: negative smoothing");
  const smoothed = counts.add(smoothing);
  return smoothed.div(smoothed.sum(1, true));
}
