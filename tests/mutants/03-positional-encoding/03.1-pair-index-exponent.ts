// Mutant of 03.1: the exponent is i/C with the pair index i instead of 2i/C (frequencies fall too slowly).
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/03-positional-encoding.js";

export function sinusoidalEncoding(T: number, C: number): Tensor {
  const data = new Float32Array(T * C);
  for (let pos = 0; pos < T; pos++) {
    for (let i = 0; i < C / 2; i++) {
      const angle = pos / Math.pow(10000, i / C);
      data[pos * C + 2 * i] = Math.sin(angle);
      data[pos * C + 2 * i + 1] = Math.cos(angle);
    }
  }
  return tensor(data, { shape: [T, C] });
}
