// Mutant of 10.1: range-checks the ids but not that they are integers; the Int32Array then truncates
// 1.5 to 1, another token, silently.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/10-gpt.js";

export function nextTokenTargets(sequences: number[][], vocabSize: number, padId: number): { inputIds: Tensor; targets: Tensor } {
  if (!Number.isInteger(padId) || padId < 0 || padId >= vocabSize) throw new Error(`nextTokenTargets: bad padId ${padId}`);
  if (sequences.length === 0) throw new Error("nextTokenTargets: no sequences");
  for (const s of sequences) {
    if (s.length < 2) throw new Error("nextTokenTargets: a sequence is too short");
    for (const id of s) if (!(id >= 0 && id < vocabSize)) throw new Error(`nextTokenTargets: bad id ${id}`);
  }
  const B = sequences.length;
  const T = Math.max(...sequences.map((s) => s.length)) - 1;
  const inputs = new Int32Array(B * T).fill(padId);
  const targets = new Int32Array(B * T).fill(-100);
  sequences.forEach((s, b) => {
    for (let t = 0; t + 1 < s.length; t++) {
      inputs[b * T + t] = s[t];
      targets[b * T + t] = s[t + 1];
    }
  });
  return { inputIds: tensor(inputs, { shape: [B, T], dtype: "int32" }), targets: tensor(targets, { shape: [B, T], dtype: "int32" }) };
}
