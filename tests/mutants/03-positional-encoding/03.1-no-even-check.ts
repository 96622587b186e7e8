// Mutant of 03.1: no check of T and C: with an odd C the loop over pairs writes the last pair's cosine
// into the next row, and returns a corrupted table instead of an error.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/03-positional-encoding.js";

export function sinusoidalEncoding(T: number, C: number): Tensor {
  const data = new Float32Array(T * C);
  for (let pos = 0; pos < T; pos++) {
    for (let i = 0; i < C / 2; i++) {
      const angle = pos / Math.pow(10000, (2 * i) / C);
      data[pos * C + 2 * i] = Math.sin(angle);
      data[pos * C + 2 * i + 1] = Math.cos(angle);
    }
  }
  return tensor(data, { shape: [T, C] });
}
