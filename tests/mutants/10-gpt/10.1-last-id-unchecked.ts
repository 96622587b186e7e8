// Mutant of 10.1: checks each id as it is written into the inputs, so the last id of every sequence
// (a target, never an input) is never checked.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/10-gpt.js";

export function nextTokenTargets(sequences: number[][], vocabSize: number, padId: number): { inputIds: Tensor; targets: Tensor } {
  if (!Number.isInteger(padId) || padId < 0 || padId >= vocabSize) throw new Error(`nextTokenTargets: bad padId ${padId}`);
  if (sequences.length === 0) throw new Error("nextTokenTargets: no sequences");
  const B = sequences.length;
  const T = Math.max(...sequences.map((s) => s.length)) - 1;
  const inputs = new Int32Array(B * T).fill(padId);
  const targets = new Int32Array(B * T).fill(-100);
  sequences.forEach((s, b) => {
    if (s.length < 2) throw new Error("nextTokenTargets: a sequence is too short");
    for (let t = 0; t + 1 < s.length; t++) {
      if (!Number.isInteger(s[t]) || s[t] < 0 || s[t] >= vocabSize) throw new Error(`nextTokenTargets: bad id ${s[t]}`);
      inputs[b * T + t] = s[t];
      targets[b * T + t] = s[t + 1];
    }
  });
  return { inputIds: tensor(inputs, { shape: [B, T], dtype: "int32" }), targets: tensor(targets, { shape: [B, T], dtype: "int32" }) };
}
