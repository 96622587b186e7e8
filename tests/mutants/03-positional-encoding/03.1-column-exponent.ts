// Mutant of 03.1: the exponent uses each column's own index j (j/C), so the cos column of a pair gets
// a slightly different frequency from its sin column.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/03-positional-encoding.js";

export function sinusoidalEncoding(T: number, C: number): Tensor {
  const data = new Float32Array(T * C);
  for (let pos = 0; pos < T; pos++) {
    for (let j = 0; j < C; j++) {
      const angle = pos / Math.pow(10000, j / C);
      data[pos * C + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tensor(data, { shape: [T, C] });
}
