// Mutant of 09.3: the argmax compares with >=, so on ties it picks the LAST (largest) id.
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

function check(startIds: number[], options: { maxNewTokens: number; stopId: number }): void {
  if (!Array.isArray(startIds) || startIds.length === 0) throw new Error("greedyDecode: no start ids");
  for (const id of [...startIds, options.stopId]) if (!Number.isInteger(id) || id < 0) throw new Error(`greedyDecode: bad id ${id}`);
  if (!Number.isInteger(options.maxNewTokens) || options.maxNewTokens < 0) throw new Error("greedyDecode: bad maxNewTokens");
}
function checkRange(startIds: number[], stopId: number, V: number): void {
  for (const id of [...startIds, stopId]) if (id >= V) throw new Error(`greedyDecode: id ${id} >= V=${V}`);
}
export function greedyDecode(model: NextTokenModel, startIds: number[], options: { maxNewTokens: number; stopId: number }): number[][] {
  check(startIds, options);
  const rows = startIds.map((id) => [id]);
  const outputs: number[][] = startIds.map(() => []);
  const done = startIds.map(() => false);
  for (let step = 0; step < options.maxNewTokens && !done.every(Boolean); step++) {
    const t = rows[0].length;
    const logits = model.forward(tensor(rows, { dtype: "int32" }));
    const V = logits.shape[2];
    checkRange(startIds, options.stopId, V);
    rows.forEach((row, b) => {
      let next = options.stopId;
      if (!done[b]) {
        const offset = (b * t + t - 1) * V;
        next = 0;
        for (let v = 1; v < V; v++) if (logits.data[offset + v] >= logits.data[offset + next]) next = v;
        outputs[b].push(next);
        done[b] = next === options.stopId;
      }
      row.push(next);
    });
  }
  return outputs;
}
