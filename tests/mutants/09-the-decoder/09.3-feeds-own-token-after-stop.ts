// Mutant of 09.3: a finished row keeps being fed its own argmax instead of stopId (its output is cut at
// the stop token, but the model sees tokens after it).
import { tensor, type Tensor } from "qkv";
import type { NextTokenModel } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function greedyDecode(model: NextTokenModel, startIds: number[], options: { maxNewTokens: number; stopId: number }): number[][] {
  const { maxNewTokens, stopId } = options;
  if (!Array.isArray(startIds) || startIds.length === 0) throw new Error("greedyDecode: no start ids");
  for (const id of [...startIds, stopId]) if (!Number.isInteger(id) || id < 0) throw new Error(`greedyDecode: bad id ${id}`);
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0) throw new Error("greedyDecode: bad maxNewTokens");
  const rows = startIds.map((id) => [id]);
  const outputs: number[][] = startIds.map(() => []);
  const done = startIds.map(() => false);
  for (let step = 0; step < maxNewTokens && !done.every(Boolean); step++) {
    const t = rows[0].length;
    const logits: Tensor = model.forward(tensor(rows, { dtype: "int32" }));
    const V = logits.shape[2];
    for (const id of [...startIds, stopId]) if (id >= V) throw new Error(`greedyDecode: id ${id} >= V=${V}`);
    rows.forEach((row, b) => {
      const offset = (b * t + t - 1) * V;
      let next = 0;
      for (let v = 1; v < V; v++) if (logits.data[offset + v] > logits.data[offset + next]) next = v;
      if (!done[b]) {
        outputs[b].push(next);
        done[b] = next === stopId;
      }
      row.push(next);
    });
  }
  return outputs;
}
