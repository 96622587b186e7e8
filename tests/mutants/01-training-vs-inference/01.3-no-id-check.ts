// Mutant of 01.3: reads P[i, j] without checking the ids: an id outside [0, V) reads another row's entry
// or undefined (NaN), and a fractional id reads undefined, with no error.
import type { Tensor } from "qkv";
export * from "../../../solutions/01-training-vs-inference.js";

export function averageNegativeLogLikelihood(probabilities: Tensor, sequences: number[][]): number {
  const v = probabilities.shape[0];
  let total = 0;
  let pairs = 0;
  for (const s of sequences) {
    for (let t = 0; t + 1 < s.length; t++) {
      total -= Math.log(probabilities.data[s[t] * v + s[t + 1]]);
      pairs++;
    }
  }
  if (pairs === 0) throw new Error("averageNegativeLogLikelihood: no pairs");
  return total / pairs;
}
