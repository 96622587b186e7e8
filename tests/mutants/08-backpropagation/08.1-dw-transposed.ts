// Mutant of 08.1: dW = xᵀ dY, shape (in, out): the transpose of the right answer (W is stored (out, in)).
import type { Tensor } from "qkv";
export * from "../../../solutions/08-backpropagation.js";

export function linearBackward(x: Tensor, W: Tensor, dY: Tensor): { dX: Tensor; dW: Tensor; db: Tensor } {
  const [out, inF] = W.shape;
  const rows = x.size / inF;
  const xRows = x.reshape(rows, inF);
  const dYRows = dY.reshape(rows, out);
  return { dX: dYRows.matmul(W).reshape(x.shape), dW: xRows.transpose().matmul(dYRows), db: dYRows.sum(0) };
}
