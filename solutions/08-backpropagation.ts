// Lesson 08 — reference answers. Same exports as exercises/08-backpropagation.ts; the graders check them
// too (`npm run grade -- --solutions 08`).
import { tensor, type Tensor } from "qkv";

const shapeText = (t: Tensor) => `(${t.shape.join(", ")})`;
const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((n, i) => n === b[i]);

/** 08.1 — dX = dY W, dW = dYᵀ x, db = Σ dY, with every leading axis flattened into rows. */
export function linearBackward(x: Tensor, W: Tensor, dY: Tensor): { dX: Tensor; dW: Tensor; db: Tensor } {
  if (W.ndim !== 2) throw new Error(`linearBackward: W ${shapeText(W)} must be 2-D (out, in)`);
  const [out, inF] = W.shape;
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== inF) throw new Error(`linearBackward: x ${shapeText(x)} must end in in = ${inF} (W ${shapeText(W)})`);
  if (dY.ndim !== x.ndim || dY.shape[dY.ndim - 1] !== out || !sameShape(dY.shape.slice(0, -1), x.shape.slice(0, -1))) {
    throw new Error(`linearBackward: dY ${shapeText(dY)} must be x's leading axes ${shapeText(x)} followed by out = ${out}`);
  }
  const rows = x.size / inF;
  const xRows = x.reshape(rows, inF); // (N, in)
  const dYRows = dY.reshape(rows, out); // (N, out)
  return {
    dX: dYRows.matmul(W).reshape(x.shape), // (N, out) x (out, in) -> (N, in)
    dW: dYRows.transpose().matmul(xRows), // (out, N) x (N, in) -> (out, in)
    db: dYRows.sum(0), // (out)
  };
}

/** 08.2 — mean cross-entropy over the counted targets, and (softmax − one-hot) / M. */
export function softmaxCrossEntropyBackward(
  logits: Tensor, targets: Tensor, ignoreIndex = -100,
): { loss: number; dLogits: Tensor } {
  const who = "softmaxCrossEntropyBackward";
  if (logits.ndim < 2) throw new Error(`${who}: logits ${shapeText(logits)} must be (N, C) or (B, T, C)`);
  const C = logits.shape[logits.ndim - 1];
  if (!sameShape(targets.shape, logits.shape.slice(0, -1))) {
    throw new Error(`${who}: targets ${shapeText(targets)} must have the logits' shape ${shapeText(logits)} without the class axis`);
  }
  let counted = 0;
  for (let n = 0; n < targets.size; n++) {
    const y = Number(targets.data[n]);
    if (y === ignoreIndex) continue;
    if (!Number.isInteger(y) || y < 0 || y >= C) throw new Error(`${who}: target ${n} is ${y}; ids must be whole numbers in [0, ${C}) or ${ignoreIndex}`);
    counted++;
  }
  if (counted === 0) throw new Error(`${who}: every target is ignoreIndex (${ignoreIndex}): there is nothing to average`);
  const p = logits.softmax(-1).data; // subtracts each row's maximum: safe for huge logits
  const logP = logits.logSoftmax(-1).data;
  const grad = new Float64Array(logits.size);
  let loss = 0;
  for (let n = 0; n < targets.size; n++) {
    const y = Number(targets.data[n]);
    if (y === ignoreIndex) continue; // the row stays 0
    loss -= logP[n * C + y];
    for (let c = 0; c < C; c++) grad[n * C + c] = (p[n * C + c] - (c === y ? 1 : 0)) / counted;
  }
  return { loss: loss / counted, dLogits: tensor(grad, { shape: [...logits.shape], dtype: logits.dtype === "float64" ? "float64" : "float32" }) };
}

/** 08.3 — dV = Aᵀ dOut, dS = A ⊙ (dA − rowsum(dA ⊙ A)), dQ = dS K / √d, dK = dSᵀ Q / √d. */
export function attentionBackward(
  q: Tensor, k: Tensor, v: Tensor, dOut: Tensor, mask?: Tensor,
): { dQ: Tensor; dK: Tensor; dV: Tensor } {
  const who = "attentionBackward";
  if ([q, k, v, dOut].some((t) => t.ndim !== 3)) {
    throw new Error(`${who}: q ${shapeText(q)}, k ${shapeText(k)}, v ${shapeText(v)}, dOut ${shapeText(dOut)} must all be 3-D (B, ·, ·)`);
  }
  const [B, T, d] = q.shape;
  const S = k.shape[1];
  const dv = v.shape[2];
  if (!sameShape(k.shape, [B, S, d]) || !sameShape(v.shape, [B, S, dv]) || !sameShape(dOut.shape, [B, T, dv])) {
    throw new Error(`${who}: shapes do not fit: q ${shapeText(q)}, k ${shapeText(k)}, v ${shapeText(v)}, dOut ${shapeText(dOut)}; expected (B, T, d), (B, S, d), (B, S, dv), (B, T, dv)`);
  }
  if (mask !== undefined && mask.dtype !== "bool") throw new Error(`${who}: mask must be a bool tensor (true = may attend), got ${mask.dtype}`);
  if (mask !== undefined && !sameShape(mask.shape, [T, S]) && !sameShape(mask.shape, [B, T, S])) {
    throw new Error(`${who}: mask ${shapeText(mask)} must be (T, S) = (${T}, ${S}) or (B, T, S) = (${B}, ${T}, ${S})`);
  }
  const scale = 1 / Math.sqrt(d);
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale); // (B, T, S)
  if (mask !== undefined) scores = scores.maskedFill(mask.logicalNot(), -Infinity);
  const A = scores.softmax(-1); // a fully masked row gives zeros
  const dV = A.transpose(-2, -1).matmul(dOut); // (B, S, T) x (B, T, dv) -> (B, S, dv)
  const dA = dOut.matmul(v.transpose(-2, -1)); // (B, T, dv) x (B, dv, S) -> (B, T, S)
  const dS = A.mul(dA.sub(dA.mul(A).sum(-1, true))); // (B, T, S)
  return {
    dQ: dS.matmul(k).mul(scale), // (B, T, S) x (B, S, d) -> (B, T, d)
    dK: dS.transpose(-2, -1).matmul(q).mul(scale), // (B, S, T) x (B, T, d) -> (B, S, d)
    dV,
  };
}

/** Adam's running averages for one parameter, and the number of the step about to be taken. */
export interface AdamState {
  m: Tensor;
  v: Tensor;
  t: number;
}

export interface AdamStepOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  decoupled?: boolean;
}

/** 08.4 — one Adam / AdamW update, computed into new arrays. */
export function adamStep(
  param: Tensor, grad: Tensor, state: AdamState, options: AdamStepOptions = {},
): { param: Tensor; m: Tensor; v: Tensor } {
  const who = "adamStep";
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, decoupled = false } = options;
  const [beta1, beta2] = betas;
  for (const [name, t] of [["grad", grad], ["state.m", state.m], ["state.v", state.v]] as [string, Tensor][]) {
    if (!sameShape(t.shape, param.shape)) throw new Error(`${who}: ${name} ${shapeText(t)} must have the parameter's shape ${shapeText(param)}`);
  }
  if (!Number.isInteger(state.t) || state.t < 1) throw new Error(`${who}: state.t must be a whole number >= 1 (the number of this step), got ${state.t}`);
  if (!(lr >= 0)) throw new Error(`${who}: lr must be >= 0, got ${lr}`);
  if (!(weightDecay >= 0)) throw new Error(`${who}: weightDecay must be >= 0, got ${weightDecay}`);
  if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) throw new Error(`${who}: betas must be in [0, 1), got [${beta1}, ${beta2}]`);
  const n = param.size;
  const p = new Float64Array(n);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  const correction1 = 1 - beta1 ** state.t;
  const correction2 = 1 - beta2 ** state.t;
  for (let i = 0; i < n; i++) {
    let value = Number(param.data[i]);
    if (decoupled) value *= 1 - lr * weightDecay;
    const g = Number(grad.data[i]) + (decoupled ? 0 : weightDecay * value);
    m[i] = beta1 * Number(state.m.data[i]) + (1 - beta1) * g;
    v[i] = beta2 * Number(state.v.data[i]) + (1 - beta2) * g * g;
    p[i] = value - lr * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + eps);
  }
  const dtype = param.dtype === "float64" ? "float64" : "float32";
  const shape = [...param.shape];
  return { param: tensor(p, { shape, dtype }), m: tensor(m, { shape, dtype }), v: tensor(v, { shape, dtype }) };
}
