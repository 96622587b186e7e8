// Mutant of 01.1: checks each id as it starts a pair, so the last id of every sequence (and the only id
// of a one-token sequence) is never checked: an id = V there lands in the next row of the table.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function bigramCounts(sequences: number[][], vocabSize: number): Tensor {
  const counts = new Float32Array(vocabSize * vocabSize);
  for (const sequence of sequences) {
    for (let t = 0; t + 1 < sequence.length; t++) {
      const id = sequence[t];
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new Error(`bigramCounts: id ${id} is not in [0, ${vocabSize})`);
      counts[id * vocabSize + sequence[t + 1]] += 1;
    }
  }
  return tensor(counts, { shape: [vocabSize, vocabSize] });
}
