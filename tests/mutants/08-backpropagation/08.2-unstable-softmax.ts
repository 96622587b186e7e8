// Mutant of 08.2: a hand-written softmax exp(z) / Σ exp(z) without subtracting the row maximum, and the loss as −ln p.
import { tensor, type Tensor } from "qkv";
export * from "../../../solutions/08-backpropagation.js";

export function softmaxCrossEntropyBackward(logits: Tensor, targets: Tensor, ignoreIndex = -100): { loss: number; dLogits: Tensor } {
  const C = logits.shape[logits.ndim - 1];
  let counted = 0;
  for (let n = 0; n < targets.size; n++) {
    const y = Number(targets.data[n]);
    if (y === ignoreIndex) continue;
    if (!Number.isInteger(y) || y < 0 || y >= C || targets.shape.length !== logits.ndim - 1) throw new Error(`softmaxCrossEntropyBackward: bad target ${y}`);
    counted++;
  }
  if (counted === 0 || targets.size * C !== logits.size) throw new Error("softmaxCrossEntropyBackward: nothing to average");
  const e = logits.exp();
  const p = e.div(e.sum(-1, true)).data;
  const grad = new Float64Array(logits.size);
  let loss = 0;
  for (let n = 0; n < targets.size; n++) {
    const y = Number(targets.data[n]);
    if (y === ignoreIndex) continue;
    loss -= Math.log(p[n * C + y]);
    for (let c = 0; c < C; c++) grad[n * C + c] = (p[n * C + c] - (c === y ? 1 : 0)) / counted;
  }
  return { loss: loss / counted, dLogits: tensor(grad, { shape: [...logits.shape], dtype: "float64" }) };
}
