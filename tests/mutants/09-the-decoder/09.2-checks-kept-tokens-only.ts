// Mutant of 09.2: validates only the targets it keeps, so a bad id in the last column passes.
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function shiftRight(targets: Tensor, startId: number, padId: number): Tensor {
  if (targets.ndim !== 2 || targets.dtype !== "int32" || !Number.isInteger(startId) || startId < 0 || !Number.isInteger(padId) || padId < 0) throw new Error("shiftRight: bad input");
  const [B, T] = targets.shape;
  const out = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    out[b * T] = startId;
    for (let t = 1; t < T; t++) {
      const v = targets.data[b * T + t - 1];
      if (v < 0 && v !== IGNORE_INDEX) throw new Error(`shiftRight: bad id ${v}`);
      out[b * T + t] = v === IGNORE_INDEX ? padId : v;
    }
  }
  return tensor(out, { shape: [B, T], dtype: "int32" });
}
