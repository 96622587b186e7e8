// Mutant of 01.3: divides by the number of tokens instead of the number of pairs (one more per sequence).
import type { Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function averageNegativeLogLikelihood(probabilities: Tensor, sequences: number[][]): number {
  const v = probabilities.shape[0];
  let total = 0;
  let tokens = 0;
  for (const s of sequences) {
    for (let t = 0; t + 1 < s.length; t++) total -= Math.log(probabilities.data[s[t] * v + s[t + 1]]);
    tokens += s.length;
  }
  if (tokens === 0) throw new Error("averageNegativeLogLikelihood: no pairs");
  return total / tokens;
}
