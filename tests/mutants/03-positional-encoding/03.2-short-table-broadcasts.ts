// Mutant of 03.2: takes min(T, maxLen) rows "to be safe" and lets broadcasting do the rest: a table of
// ONE row is silently added at every position instead of being rejected.
import type { Tensor } from "qkv";
export * from "../../../solutions/03-positional-encoding.js";

export function addPositions(x: Tensor, table: Tensor): Tensor {
  const [, T, C] = x.shape;
  if (table.shape[1] !== C) throw new Error(`addPositions: x has vectors of size ${C} but the table's are ${table.shape[1]}`);
  return x.add(table.slice(0, 0, Math.min(T, table.shape[0])));
}
