// Mutant of 08.3: the softmax backward without the row-sum term, dS = A ⊙ dA (the Jacobian's diagonal only).
import type { Tensor } from "qkv";
import { attentionBackward as reference } from "../../../solutions/08-backpropagation.js";
export * from "../../../solutions/08-backpropagation.js";

export function attentionBackward(q: Tensor, k: Tensor, v: Tensor, dOut: Tensor, mask?: Tensor): { dQ: Tensor; dK: Tensor; dV: Tensor } {
  const { dV } = reference(q, k, v, dOut, mask); // shape checks and dV as in the solution
  const scale = 1 / Math.sqrt(q.shape[2]);
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale);
  if (mask !== undefined) scores = scores.maskedFill(mask.logicalNot(), -Infinity);
  const A = scores.softmax(-1);
  const dS = A.mul(dOut.matmul(v.transpose(-2, -1)));
  return { dQ: dS.matmul(k).mul(scale), dK: dS.transpose(-2, -1).matmul(q).mul(scale), dV };
}
