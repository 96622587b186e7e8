// Mutant of 00.2: stable for finite inputs, but an all -Infinity row becomes NaN (-Inf - -Inf).
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/00-tour.js";

export function softmax(x: Tensor): Tensor {
  let max = -Infinity;
  for (let i = 0; i < x.size; i++) max = Math.max(max, x.data[i]);
  const out = new Float32Array(x.size);
  let sum = 0;
  for (let i = 0; i < x.size; i++) {
    out[i] = Math.exp(x.data[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < x.size; i++) out[i] /= sum;
  return tensor(out, { shape: [x.size] });
}
