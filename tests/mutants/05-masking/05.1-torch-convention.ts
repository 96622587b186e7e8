// Mutant of 05.1: nn.MultiheadAttention's convention (true = blocked): the strict upper triangle is true.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function causalMask(T: number): Tensor {
  if (!Number.isInteger(T) || T <= 0) throw new Error(`causalMask: T must be a positive integer, got ${T}`);
  const data = new Uint8Array(T * T);
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) data[i * T + j] = 1;
  return tensor(data, { shape: [T, T], dtype: "bool" });
}
