// Mutant of 03.1: counts positions from 1, so row 0 is the encoding of position 1.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/03-positional-encoding.js";

export function sinusoidalEncoding(T: number, C: number): Tensor {
  const data = new Float32Array(T * C);
  for (let pos = 0; pos < T; pos++) {
    for (let i = 0; i < C / 2; i++) {
      const angle = (pos + 1) / Math.pow(10000, (2 * i) / C);
      data[pos * C + 2 * i] = Math.sin(angle);
      data[pos * C + 2 * i + 1] = Math.cos(angle);
    }
  }
  return tensor(data, { shape: [T, C] });
}
