// Mutant of 08.1: db averages dY over the rows instead of summing (each row adds its own share of the loss).
import type { Tensor } from "qkv";
export * from "../../../solutions/08-backpropagation.js";

export function linearBackward(x: Tensor, W: Tensor, dY: Tensor): { dX: Tensor; dW: Tensor; db: Tensor } {
  const [out, inF] = W.shape;
  const rows = x.size / inF;
  const xRows = x.reshape(rows, inF);
  const dYRows = dY.reshape(rows, out);
  return { dX: dYRows.matmul(W).reshape(x.shape), dW: dYRows.transpose().matmul(xRows), db: dYRows.mean(0) };
}
