// Mutant of 09.2: puts the start id in front but keeps every target: (B, T + 1) instead of (B, T).
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function shiftRight(targets: Tensor, startId: number, padId: number): Tensor {
  if (targets.ndim !== 2 || targets.dtype !== "int32" || !Number.isInteger(startId) || startId < 0 || !Number.isInteger(padId) || padId < 0) throw new Error("shiftRight: bad input");
  const rows = (targets.toArray() as number[][]).map((r) => {
    if (r.some((v) => v < 0 && v !== IGNORE_INDEX)) throw new Error("shiftRight: bad id");
    return [startId, ...r.map((v) => (v === IGNORE_INDEX ? padId : v))];
  });
  return tensor(rows, { dtype: "int32" });
}
