// Mutant of 01.1: right counts, but walks each sequence with shift(), emptying the caller's arrays.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function bigramCounts(sequences: number[][], vocabSize: number): Tensor {
  const counts = new Float32Array(vocabSize * vocabSize);
  for (const sequence of sequences) {
    for (const id of sequence) {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new Error(`bigramCounts: id ${id} is not in [0, ${vocabSize})`);
    }
    let previous = sequence.shift();
    while (previous !== undefined && sequence.length > 0) {
      const next = sequence.shift()!;
      counts[previous * vocabSize + next] += 1;
      previous = next;
    }
  }
  return tensor(counts, { shape: [vocabSize, vocabSize] });
}
