// Mutant of 08.3: no shape checks of its own, relying on matmul to complain: a (1, T, S) mask broadcasts
// and 2-D inputs work, so shapes the contract rejects go through.
import type { Tensor } from "qkv";
export * from "../../../solutions/08-backpropagation.js";

export function attentionBackward(q: Tensor, k: Tensor, v: Tensor, dOut: Tensor, mask?: Tensor): { dQ: Tensor; dK: Tensor; dV: Tensor } {
  const scale = 1 / Math.sqrt(q.shape[q.ndim - 1]);
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale);
  if (mask !== undefined) scores = scores.maskedFill(mask.logicalNot(), -Infinity);
  const A = scores.softmax(-1);
  const dA = dOut.matmul(v.transpose(-2, -1));
  const dS = A.mul(dA.sub(dA.mul(A).sum(-1, true)));
  return { dQ: dS.matmul(k).mul(scale), dK: dS.transpose(-2, -1).matmul(q).mul(scale), dV: A.transpose(-2, -1).matmul(dOut) };
}
