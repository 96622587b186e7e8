// Mutant of 03.2: right values, but added into x.data: the caller's token vectors change.
import type { Tensor } from "qkv";
export * from "../../../solutions/03-positional-encoding.js";

export function addPositions(x: Tensor, table: Tensor): Tensor {
  const [B, T, C] = x.shape;
  if (table.shape[1] !== C) throw new Error(`addPositions: sizes ${C} and ${table.shape[1]} differ`);
  if (T > table.shape[0]) throw new Error(`addPositions: ${T} positions, table of ${table.shape[0]}`);
  for (let b = 0; b < B; b++) for (let i = 0; i < T * C; i++) x.data[b * T * C + i] += table.data[i];
  return x;
}
