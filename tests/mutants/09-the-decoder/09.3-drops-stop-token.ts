// Mutant of 09.3: stops at the stop token but leaves it out of the row's output.
import { greedyDecode as right } from "../../../solutions/09-the-decoder.js";
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function greedyDecode(model: NextTokenModel, startIds: number[], options: { maxNewTokens: number; stopId: number }): number[][] {
  return right(model, startIds, options).map((row) => (row[row.length - 1] === options.stopId ? row.slice(0, -1) : row));
}
