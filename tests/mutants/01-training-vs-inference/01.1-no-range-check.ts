// Mutant of 01.1: right counts, but an id outside [0, V) is written somewhere in the table (or dropped) silently.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function bigramCounts(sequences: number[][], vocabSize: number): Tensor {
  const counts = new Float32Array(vocabSize * vocabSize);
  for (const s of sequences) for (let t = 0; t + 1 < s.length; t++) counts[s[t] * vocabSize + s[t + 1]] += 1;
  return tensor(counts, { shape: [vocabSize, vocabSize] });
}
