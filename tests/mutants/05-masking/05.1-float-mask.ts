// Mutant of 05.1: the right pattern as 1.0 / 0.0 in a float32 tensor, not a bool mask.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function causalMask(T: number): Tensor {
  if (!Number.isInteger(T) || T <= 0) throw new Error(`causalMask: T must be a positive integer, got ${T}`);
  const data = new Float32Array(T * T);
  for (let i = 0; i < T; i++) for (let j = 0; j <= i; j++) data[i * T + j] = 1;
  return tensor(data, { shape: [T, T] });
}
