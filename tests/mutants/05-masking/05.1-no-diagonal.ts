// Mutant of 05.1: strict lower triangle (j < i): a token may not attend to itself, and row 0 is fully masked.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function causalMask(T: number): Tensor {
  if (!Number.isInteger(T) || T <= 0) throw new Error(`causalMask: T must be a positive integer, got ${T}`);
  const data = new Uint8Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j < i; j++) data[i * T + j] = 1;
  return tensor(data, { shape: [T, T], dtype: "bool" });
}
