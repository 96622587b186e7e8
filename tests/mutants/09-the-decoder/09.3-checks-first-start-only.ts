// Mutant of 09.3: validates only startIds[0]; an invalid id later in the batch is decoded from.
import { greedyDecode as right } from "../../../solutions/09-the-decoder.js";
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function greedyDecode(model: NextTokenModel, startIds: number[], options: { maxNewTokens: number; stopId: number }): number[][] {
  if (!Array.isArray(startIds) || startIds.length === 0) throw new Error("greedyDecode: no start ids");
  const first = startIds[0];
  // Decode every row as its own batch, so only the first row's id reaches the solution's check.
  const head = right(model, [first], options);
  const rest = startIds.slice(1).map((id) => right(model, [Number.isInteger(id) && id >= 0 ? id : 0], options)[0]);
  return [...head, ...rest];
}
