// Mutant of 01.3: checks the earlier id of each pair only, so the last id of a sequence is never
// checked: [0, 1, V] reads P[1, V], which is P[2, 0] in the flat data.
import type { Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function averageNegativeLogLikelihood(probabilities: Tensor, sequences: number[][]): number {
  const v = probabilities.shape[0];
  let total = 0;
  let pairs = 0;
  for (const s of sequences) {
    for (let t = 0; t + 1 < s.length; t++) {
      if (!Number.isInteger(s[t]) || s[t] < 0 || s[t] >= v) throw new Error(`averageNegativeLogLikelihood: id ${s[t]} is not in [0, ${v})`);
      total -= Math.log(probabilities.data[s[t] * v + s[t + 1]]);
      pairs++;
    }
  }
  if (pairs === 0) throw new Error("averageNegativeLogLikelihood: no pairs");
  return total / pairs;
}
