// Mutant of 08.3: scales the scores by 1/√d in the forward pass but forgets the factor in dQ and dK.
import type { Tensor } from "qkv";
import { attentionBackward as reference } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function attentionBackward(q: Tensor, k: Tensor, v: Tensor, dOut: Tensor, mask?: Tensor): { dQ: Tensor; dK: Tensor; dV: Tensor } {
  const { dQ, dK, dV } = reference(q, k, v, dOut, mask);
  const unscale = Math.sqrt(q.shape[2]);
  return { dQ: dQ.mul(unscale), dK: dK.mul(unscale), dV };
}
