// Mutant of 06.2: merges in the wrong order, (B, T, hs, nh): the heads' features are interleaved
// (feature 0 of every head, then feature 1 of every head, ...) instead of head 0's block first.
import type { Tensor } from "qkv";
export * from "../../../solutions/06-multi-head-attention.js";

export function mergeHeads(x: Tensor): Tensor {
  if (x.ndim !== 4) throw new Error(`mergeHeads: x of shape (${x.shape.join(", ")}) must be 4-D`);
  const [B, nh, T, hs] = x.shape;
  return x.permute(0, 2, 3, 1).reshape(B, T, nh * hs);
}
