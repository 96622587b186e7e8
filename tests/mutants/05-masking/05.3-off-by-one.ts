// Mutant of 05.3: t <= length instead of t < length: the first pad after each sequence counts as real.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function paddingMask(lengths: number[], T: number): Tensor {
  const data = new Uint8Array(lengths.length * T);
  lengths.forEach((length, b) => {
    if (!Number.isInteger(length) || length < 0 || length > T) throw new Error(`paddingMask: bad length ${length} for T=${T}`);
    for (let t = 0; t <= length && t < T; t++) data[b * T + t] = 1;
  });
  return tensor(data, { shape: [lengths.length, T], dtype: "bool" });
}
