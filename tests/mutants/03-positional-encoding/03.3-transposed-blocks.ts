// Mutant of 03.3: the 2 × 2 blocks are transposed ([[cos, sin], [-sin, cos]]): it moves k positions BACK.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/03-positional-encoding.js";

export function offsetRotation(k: number, C: number): Tensor {
  const data = new Float32Array(C * C);
  for (let i = 0; i < C / 2; i++) {
    const b = k / Math.pow(10000, (2 * i) / C);
    const [r, c] = [2 * i, 2 * i + 1];
    data[r * C + r] = Math.cos(b);
    data[r * C + c] = Math.sin(b);
    data[c * C + r] = -Math.sin(b);
    data[c * C + c] = Math.cos(b);
  }
  return tensor(data, { shape: [C, C] });
}
