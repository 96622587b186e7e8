// Mutant of 01.1: rows and columns swapped: [next, previous] instead of [previous, next].
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function bigramCounts(sequences: number[][], vocabSize: number): Tensor {
  const counts = new Float32Array(vocabSize * vocabSize);
  for (const s of sequences) {
    for (const id of s) if (!(Number.isInteger(id) && id >= 0 && id < vocabSize)) throw new Error(`bigramCounts: bad id ${id}`);
    for (let t = 0; t + 1 < s.length; t++) counts[s[t + 1] * vocabSize + s[t]] += 1;
  }
  return tensor(counts, { shape: [vocabSize, vocabSize] });
}
