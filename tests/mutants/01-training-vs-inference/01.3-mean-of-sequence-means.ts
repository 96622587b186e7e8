// Mutant of 01.3: averages within each sequence, then averages the sequences: short names weigh too much.
import type { Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function averageNegativeLogLikelihood(probabilities: Tensor, sequences: number[][]): number {
  const v = probabilities.shape[0];
  const means: number[] = [];
  for (const s of sequences) {
    if (s.length < 2) continue;
    let total = 0;
    for (let t = 0; t + 1 < s.length; t++) total -= Math.log(probabilities.data[s[t] * v + s[t + 1]]);
    means.push(total / (s.length - 1));
  }
  if (means.length === 0) throw new Error("averageNegativeLogLikelihood: no pairs");
  return means.reduce((a, b) => a + b, 0) / means.length;
}
