// Mutant of 02.1: treats ids as 1-based (puts the 1 at column id - 1), so id 0 spills back into the previous row.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function oneHot(ids: number[], vocabSize: number): Tensor {
  for (const id of ids) if (!(Number.isInteger(id) && id >= 0 && id <= vocabSize)) throw new Error(`oneHot: bad id ${id}`);
  const data = new Float32Array(ids.length * vocabSize);
  ids.forEach((id, i) => {
    data[i * vocabSize + id - 1] = 1;
  });
  return tensor(data, { shape: [ids.length, vocabSize] });
}
