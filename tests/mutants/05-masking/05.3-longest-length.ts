// Mutant of 05.3: pads to the longest sequence, ignoring T (and so never checks a length against T).
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/05-masking.js";

export function paddingMask(lengths: number[], T: number): Tensor {
  const width = Math.max(...lengths);
  const data = new Uint8Array(lengths.length * width);
  lengths.forEach((length, b) => {
    if (!Number.isInteger(length) || length < 0) throw new Error(`paddingMask: bad length ${length}`);
    data.fill(1, b * width, b * width + length);
  });
  return tensor(data, { shape: [lengths.length, width], dtype: "bool" });
}
