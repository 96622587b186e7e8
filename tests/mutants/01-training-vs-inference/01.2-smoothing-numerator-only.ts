// Mutant of 01.2: adds α to the numerator but divides by the raw count total, so smoothed rows sum to more than 1.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function countsToProbabilities(counts: Tensor, smoothing = 0): Tensor {
  if (counts.ndim !== 2 || counts.shape[0] !== counts.shape[1]) throw new Error("countsToProbabilities: not square");
  if (!(smoothing >= 0)) throw new Error("countsToProbabilities: negative smoothing");
  const v = counts.shape[0];
  const out = new Float32Array(v * v);
  for (let i = 0; i < v; i++) {
    let total = 0;
    for (let j = 0; j < v; j++) total += counts.data[i * v + j];
    for (let j = 0; j < v; j++) out[i * v + j] = total > 0 ? (counts.data[i * v + j] + smoothing) / total : 1 / v;
  }
  return tensor(out, { shape: [v, v] });
}
