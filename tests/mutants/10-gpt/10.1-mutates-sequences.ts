// Mutant of 10.1: builds the targets by shift()-ing the caller's sequences (and the inputs by pop()),
// which empties the caller's data.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/10-gpt.js";

export function nextTokenTargets(sequences: number[][], vocabSize: number, padId: number): { inputIds: Tensor; targets: Tensor } {
  if (!Number.isInteger(padId) || padId < 0 || padId >= vocabSize) throw new Error(`nextTokenTargets: bad padId ${padId}`);
  if (sequences.length === 0) throw new Error("nextTokenTargets: no sequences");
  for (const s of sequences) {
    if (s.length < 2) throw new Error("nextTokenTargets: a sequence is too short");
    for (const id of s) if (!Number.isInteger(id) || id < 0 || id >= vocabSize) throw new Error(`nextTokenTargets: bad id ${id}`);
  }
  const B = sequences.length;
  const T = Math.max(...sequences.map((s) => s.length)) - 1;
  const inputs = new Int32Array(B * T).fill(padId);
  const targets = new Int32Array(B * T).fill(-100);
  sequences.forEach((s, b) => {
    const first = s.slice(0, -1);
    s.shift(); // the targets: s without its first token
    first.forEach((id, t) => (inputs[b * T + t] = id));
    s.forEach((id, t) => (targets[b * T + t] = id));
  });
  return { inputIds: tensor(inputs, { shape: [B, T], dtype: "int32" }), targets: tensor(targets, { shape: [B, T], dtype: "int32" }) };
}
