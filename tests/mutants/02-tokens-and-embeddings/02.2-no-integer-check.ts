// Mutant of 02.2: checks that each id is in range but not that it is an integer: id 1.5 reads between
// rows (undefined -> NaN) instead of throwing.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function embeddingLookup(weight: Tensor, ids: number[]): Tensor {
  const [v, c] = weight.shape;
  for (const id of ids) if (id < 0 || id >= v) throw new Error(`embeddingLookup: id ${id} is not in [0, ${v})`);
  const data = new Float32Array(ids.length * c);
  ids.forEach((id, i) => {
    for (let k = 0; k < c; k++) data[i * c + k] = weight.data[id * c + k];
  });
  return tensor(data, { shape: [ids.length, c] });
}
