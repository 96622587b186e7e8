// Mutant of 09.3: feeds the model only each row's newest token (B, 1), forgetting the sequence so far.
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
  let last = startIds.slice();
  const outputs: number[][] = startIds.map(() => []);
  const done = startIds.map(() => false);
  for (let step = 0; step < options.maxNewTokens && !done.every(Boolean); step++) {
    const logits = model.forward(tensor(last.map((id) => [id]), { dtype: "int32" }));
    const V = logits.shape[2];
    checkRange(startIds, options.stopId, V);
    last = last.map((_, b) => {
      if (done[b]) return options.stopId;
      let next = 0;
      for (let v = 1; v < V; v++) if (logits.data[b * V + v] > logits.data[b * V + next]) next = v;
      outputs[b].push(next);
      done[b] = next === options.stopId;
      return next;
    });
  }
  return outputs;
}
