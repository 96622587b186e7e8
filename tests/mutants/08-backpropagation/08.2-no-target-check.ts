// Mutant of 08.2: never checks the targets: an id of C or more reads the next row's logits, 1.5 reads between classes.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/08-backpropagation.js";

export function softmaxCrossEntropyBackward(logits: Tensor, targets: Tensor, ignoreIndex = -100): { loss: number; dLogits: Tensor } {
  const C = logits.shape[logits.ndim - 1];
  let counted = 0;
  for (let n = 0; n < targets.size; n++) if (Number(targets.data[n]) !== ignoreIndex) counted++;
  const p = logits.softmax(-1).data;
  const logP = logits.logSoftmax(-1).data;
  const grad = new Float64Array(logits.size);
  let loss = 0;
  for (let n = 0; n < targets.size; n++) {
    const y = Number(targets.data[n]);
    if (y === ignoreIndex) continue;
    loss -= logP[n * C + y] ?? 0;
    for (let c = 0; c < C; c++) grad[n * C + c] = (p[n * C + c] - (c === y ? 1 : 0)) / counted;
  }
  return { loss: loss / counted, dLogits: tensor(grad, { shape: [...logits.shape], dtype: "float64" }) };
}
