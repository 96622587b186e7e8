// Mutant of 05.3: true on the padding (the "which positions are pads" reading), false on real tokens.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function paddingMask(lengths: number[], T: number): Tensor {
  const data = new Uint8Array(lengths.length * T);
  lengths.forEach((length, b) => {
    if (!Number.isInteger(length) || length < 0 || length > T) throw new Error(`paddingMask: bad length ${length} for T=${T}`);
    data.fill(1, b * T + length, (b + 1) * T);
  });
  return tensor(data, { shape: [lengths.length, T], dtype: "bool" });
}
