// Mutant of 02.1: no check on the ids: an id of V writes into the next row's first column, -1 is silently lost.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function oneHot(ids: number[], vocabSize: number): Tensor {
  const data = new Float32Array(ids.length * vocabSize);
  ids.forEach((id, i) => {
    data[i * vocabSize + id] = 1;
  });
  return tensor(data, { shape: [ids.length, vocabSize] });
}
