// Mutant of 06.1: right for valid input, but computes hs = floor(C / nh) without checking divisibility,
// so 6 features into 4 heads silently drops the 2 features that do not fit.
import type { Tensor } from "qkv";
export * from "../../../solutions/06-multi-head-attention.js";

export function splitHeads(x: Tensor, numHeads: number): Tensor {
  const [B, T, C] = x.shape;
  const hs = Math.floor(C / numHeads);
  if (x.ndim === 3 && C % numHeads === 0) return x.reshape(B, T, numHeads, hs).transpose(1, 2);
  return x.slice(-1, 0, numHeads * hs).reshape(B, T, numHeads, hs).transpose(1, 2);
}
