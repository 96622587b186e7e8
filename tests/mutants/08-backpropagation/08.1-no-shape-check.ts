// Mutant of 08.1: flattens x and dY into rows without checking that their leading axes agree, so a
// (2, 3, ·) dY is silently paired with a (3, 2, ·) x.
import type { Tensor } from "qkv";
export * from "../../../solutions/08-backpropagation.js";

export function linearBackward(x: Tensor, W: Tensor, dY: Tensor): { dX: Tensor; dW: Tensor; db: Tensor } {
  const [out, inF] = W.shape;
  const rows = x.size / inF;
  const xRows = x.reshape(rows, inF);
  const dYRows = dY.reshape(rows, out);
  return { dX: dYRows.matmul(W).reshape(x.shape), dW: dYRows.transpose().matmul(xRows), db: dYRows.sum(0) };
}
