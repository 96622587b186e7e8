// Mutant of 01.1: concatenates all sequences first, so the end of one name "is followed by" the next name.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function bigramCounts(sequences: number[][], vocabSize: number): Tensor {
  const all = sequences.flat();
  for (const id of all) if (!(Number.isInteger(id) && id >= 0 && id < vocabSize)) throw new Error(`bigramCounts: bad id ${id}`);
  const counts = new Float32Array(vocabSize * vocabSize);
  for (let t = 0; t + 1 < all.length; t++) counts[all[t] * vocabSize + all[t + 1]] += 1;
  return tensor(counts, { shape: [vocabSize, vocabSize] });
}
