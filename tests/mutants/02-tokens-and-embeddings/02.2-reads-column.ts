// Mutant of 02.2: reads column ids[i] (weight[k, id]) instead of row ids[i]: the lookup of a transposed matrix.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function embeddingLookup(weight: Tensor, ids: number[]): Tensor {
  const [v, c] = weight.shape;
  for (const id of ids) if (!(Number.isInteger(id) && id >= 0 && id < v)) throw new Error(`embeddingLookup: bad id ${id}`);
  const data = new Float32Array(ids.length * c);
  ids.forEach((id, i) => {
    for (let k = 0; k < c; k++) data[i * c + k] = weight.data[k * c + id];
  });
  return tensor(data, { shape: [ids.length, c] });
}
