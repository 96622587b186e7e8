// Mutant of 01.1: checks the range of each id but not that it is an integer; a fractional index into a
// Float32Array sets a property instead of an entry, so the pair is silently dropped.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function bigramCounts(sequences: number[][], vocabSize: number): Tensor {
  const counts = new Float32Array(vocabSize * vocabSize);
  for (const sequence of sequences) {
    for (const id of sequence) {
      if (id < 0 || id >= vocabSize) throw new Error(`bigramCounts: id ${id} is not in [0, ${vocabSize})`);
    }
    for (let t = 0; t + 1 < sequence.length; t++) counts[sequence[t] * vocabSize + sequence[t + 1]] += 1;
  }
  return tensor(counts, { shape: [vocabSize, vocabSize] });
}
