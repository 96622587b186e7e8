// Mutant of 06.1: cuts the features as (hs, nh) instead of (nh, hs): head h gets every nh-th feature
// (h, h + nh, ...) instead of a contiguous slice.
import type { Tensor } from "qkv";
export * from "../../../solutions/06-multi-head-attention.js";

export function splitHeads(x: Tensor, numHeads: number): Tensor {
  if (x.ndim !== 3 || x.shape[2] % numHeads !== 0) throw new Error(`splitHeads: bad shape (${x.shape.join(", ")}) for ${numHeads} heads`);
  const [B, T, C] = x.shape;
  return x.reshape(B, T, C / numHeads, numHeads).permute(0, 3, 1, 2); // (B, T, hs, nh) -> (B, nh, T, hs)
}
