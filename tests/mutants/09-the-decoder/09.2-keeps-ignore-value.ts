// Mutant of 09.2: shifts correctly but copies the ignore value -100 into the decoder input instead of padId.
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function shiftRight(targets: Tensor, startId: number, padId: number): Tensor {
  void padId;
  const [B, T] = targets.shape;
  if (targets.ndim !== 2 || targets.dtype !== "int32" || !Number.isInteger(startId) || startId < 0) throw new Error("shiftRight: bad input");
  for (const v of targets.data) if (v < 0 && v !== IGNORE_INDEX) throw new Error("shiftRight: bad id");
  const out = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    out[b * T] = startId;
    for (let t = 1; t < T; t++) out[b * T + t] = targets.data[b * T + t - 1];
  }
  return tensor(out, { shape: [B, T], dtype: "int32" });
}
