// Mutant of 03.3: no check of C: with an odd C the last "pair" has no second column, and its block is
// written across row boundaries instead of an error.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/03-positional-encoding.js";

export function offsetRotation(k: number, C: number): Tensor {
  const data = new Float32Array(C * C);
  for (let i = 0; i < C / 2; i++) {
    const b = k / Math.pow(10000, (2 * i) / C);
    const [r, c] = [2 * i, 2 * i + 1];
    data[r * C + r] = Math.cos(b);
    data[r * C + c] = -Math.sin(b);
    data[c * C + r] = Math.sin(b);
    data[c * C + c] = Math.cos(b);
  }
  return tensor(data, { shape: [C, C] });
}
