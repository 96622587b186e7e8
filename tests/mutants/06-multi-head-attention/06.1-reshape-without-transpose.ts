// Mutant of 06.1: reshapes straight to (B, nh, T, hs) without the transpose: each "head" gets a run of
// consecutive numbers that crosses token boundaries.
import type { Tensor } from "qkv";
export * from "../../../solutions/06-multi-head-attention.js";

export function splitHeads(x: Tensor, numHeads: number): Tensor {
  if (x.ndim !== 3 || x.shape[2] % numHeads !== 0) throw new Error(`splitHeads: bad shape (${x.shape.join(", ")}) for ${numHeads} heads`);
  const [B, T, C] = x.shape;
  return x.reshape(B, numHeads, T, C / numHeads);
}
