// Mutant of 03.3: rotates every pair by the same angle k, forgetting each pair's own frequency ωᵢ.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/03-positional-encoding.js";

export function offsetRotation(k: number, C: number): Tensor {
  const data = new Float32Array(C * C);
  for (let i = 0; i < C / 2; i++) {
    const [r, c] = [2 * i, 2 * i + 1];
    data[r * C + r] = Math.cos(k);
    data[r * C + c] = -Math.sin(k);
    data[c * C + r] = Math.sin(k);
    data[c * C + c] = Math.cos(k);
  }
  return tensor(data, { shape: [C, C] });
}
