// Mutant of 01.2: normalises each COLUMN (sums over the earlier token) instead of each row.
import type { Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function countsToProbabilities(counts: Tensor, smoothing = 0): Tensor {
  if (counts.ndim !== 2 || counts.shape[0] !== counts.shape[1]) throw new Error("countsToProbabilities: not square");
  if (!(smoothing >= 0)) throw new Error("countsToProbabilities: negative smoothing");
  const smoothed = counts.add(smoothing);
  const totals = smoothed.sum(0, true);
  const v = counts.shape[0];
  return smoothed.div(totals).maskedFill(totals.eq(0), 1 / v);
}
