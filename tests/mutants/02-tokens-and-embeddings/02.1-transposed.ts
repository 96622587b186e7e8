// Mutant of 02.1: one COLUMN per id, shape (V, N), as if the one-hot vectors were stacked side by side.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function oneHot(ids: number[], vocabSize: number): Tensor {
  for (const id of ids) if (!(Number.isInteger(id) && id >= 0 && id < vocabSize)) throw new Error(`oneHot: bad id ${id}`);
  const data = new Float32Array(ids.length * vocabSize);
  ids.forEach((id, i) => {
    data[id * ids.length + i] = 1;
  });
  return tensor(data, { shape: [vocabSize, ids.length] });
}
