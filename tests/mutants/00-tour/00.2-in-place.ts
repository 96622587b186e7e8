// Mutant of 00.2: right values, but computed in place: it overwrites the caller's x.data and returns x.
import type { Tensor } from "qkv";
export * from "../../../solutions/00-tour.js";

export function softmax(x: Tensor): Tensor {
  let max = -Infinity;
  for (let i = 0; i < x.size; i++) max = Math.max(max, x.data[i]);
  if (max === -Infinity) {
    x.data.fill(0);
    return x;
  }
  let sum = 0;
  for (let i = 0; i < x.size; i++) {
    x.data[i] = Math.exp(x.data[i] - max);
    sum += x.data[i];
  }
  for (let i = 0; i < x.size; i++) x.data[i] /= sum;
  return x;
}
