// Mutant of 02.2: rounds each id down with Math.floor before checking it, so id 1.5 silently becomes
// token 1 instead of being rejected.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export function embeddingLookup(weight: Tensor, ids: number[]): Tensor {
  const [v, c] = weight.shape;
  const rows = ids.map(Math.floor);
  for (const id of rows) if (id < 0 || id >= v) throw new Error(`embeddingLookup: id ${id} is not in [0, ${v})`);
  const data = new Float32Array(ids.length * c);
  rows.forEach((id, i) => {
    for (let k = 0; k < c; k++) data[i * c + k] = weight.data[id * c + k];
  });
  return tensor(data, { shape: [ids.length, c] });
}
