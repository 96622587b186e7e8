// Mutant of 08.1: a batched dYᵀ x without flattening the leading axes: right for 2-D inputs, but for
// (B, T, ·) it returns one (out, in) matrix per batch entry instead of their sum.
import type { Tensor } from "qkv";
export * from "../../../solutions/08-backpropagation.js";

export function linearBackward(x: Tensor, W: Tensor, dY: Tensor): { dX: Tensor; dW: Tensor; db: Tensor } {
  const x2 = x.ndim === 1 ? x.reshape(1, -1) : x;
  const dY2 = dY.ndim === 1 ? dY.reshape(1, -1) : dY;
  const dbAxes = Array.from({ length: dY2.ndim - 1 }, (_, i) => i);
  return { dX: dY.matmul(W), dW: dY2.transpose(-2, -1).matmul(x2), db: dY2.sum(dbAxes) };
}
