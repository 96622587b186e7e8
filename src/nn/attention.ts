/**
 * Scaled dot-product attention, the heart of the Transformer:
 *
 *   Attention(Q, K, V) = softmax(Q Kᵀ / √d) V
 *
 * Each query scores every key by a dot product, scaled by √d so the scores do not grow with the
 * dimension (which would saturate the softmax); the softmax turns a query's scores into weights that
 * sum to 1, and the output is the weighted average of the values.
 */
import { Tensor } from "../tensor/index.js";
import { QkvError, describeValue, formatShape } from "../tensor/errors.js";
import { checkTensorArg } from "../tensor/validate.js";
import { causalMask } from "./masks.js";
import type { Dropout } from "./dropout.js";
import { fusedAttention, type HeadLayout } from "../tensor/attention-kernel.js";

export interface AttentionOptions {
  /**
   * Bool, broadcastable to the scores (..., T, S); TRUE = the key may be attended to (qkv's and Hugging
   * Face's convention, the opposite of PyTorch's bool masks). Masked scores become -Infinity before the
   * softmax; a query row with every key masked gets zero weights and a zero output, not NaN.
   * A (B, S) padding mask must be reshaped to (B, 1, S) for (B, T, S) scores, or (B, 1, 1, S) for heads.
   */
  mask?: Tensor | null;
  /** Also block later keys: query i sees key j only if j <= i + (S - T) (see causalMask). */
  causal?: boolean;
  /** Dropout on the weights (training only); the returned weights are those before dropout. */
  dropout?: Dropout | null;
  /**
   * Multiplies the scores before the softmax; 1/√d by default. GPT-2 configs can ask for 1
   * (scale_attn_weights: false) or 1/(√d · (layer + 1)) (scale_attn_by_inverse_layer_idx).
   */
  scale?: number;
}

export interface AttentionResult {
  /** (..., T, dv) */
  output: Tensor;
  /** (..., T, S): how much each query attends to each key; rows sum to 1 (or 0 if fully masked). */
  weights: Tensor;
}

/** Checks that `mask` is bool and broadcasts to `target` (NumPy rules); names the caller on failure. */
export function checkMask(mask: Tensor, target: number[], who: string, what = "mask"): void {
  if (!(mask instanceof Tensor)) {
    throw new QkvError(`${who}: ${what} must be a bool Tensor (true = may be attended to), got ${describeValue(mask)}${Array.isArray(mask) ? " (make one with tensor(values, { dtype: \"bool\" }))" : ""}`);
  }
  if (mask.dtype !== "bool") {
    throw new QkvError(`${who}: ${what} must be a bool tensor (true = may be attended to), got ${mask.dtype} of shape ${formatShape(mask.shape)}`);
  }
  const ok =
    mask.ndim <= target.length &&
    mask.shape.every((d, i) => d === 1 || d === target[target.length - mask.ndim + i]);
  if (!ok) {
    throw new QkvError(`${who}: ${what} of shape ${formatShape(mask.shape)} does not broadcast to the scores ${formatShape(target)} (queries T x keys S last)`);
  }
}

/**
 * q (..., T, d), k (..., S, d), v (..., S, dv) -> { output (..., T, dv), weights (..., T, S) }.
 * Masks: `mask` and `causal`, see AttentionOptions (true = may be attended to; fully masked rows give zeros).
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts: AttentionOptions = {}): AttentionResult {
  const who = "scaledDotProductAttention";
  checkTensorArg(q, who, "q");
  checkTensorArg(k, who, "k");
  checkTensorArg(v, who, "v");
  if (typeof opts !== "object" || opts === null) throw new QkvError(`${who}: opts must be an object { mask, causal, dropout }, got ${describeValue(opts)}`);
  if (q.ndim < 2 || k.ndim !== q.ndim || v.ndim !== q.ndim) {
    throw new QkvError(`${who}: q ${formatShape(q.shape)}, k ${formatShape(k.shape)}, v ${formatShape(v.shape)} must have the same number (>= 2) of dimensions`);
  }
  const d = q.shape[q.ndim - 1];
  const T = q.shape[q.ndim - 2];
  const S = k.shape[k.ndim - 2];
  if (k.shape[k.ndim - 1] !== d) throw new QkvError(`${who}: q ${formatShape(q.shape)} and k ${formatShape(k.shape)}: feature sizes ${d} != ${k.shape[k.ndim - 1]}`);
  if (v.shape[v.ndim - 2] !== S) throw new QkvError(`${who}: k ${formatShape(k.shape)} and v ${formatShape(v.shape)}: key counts ${S} != ${v.shape[v.ndim - 2]}`);
  // The batch axes (everything before the last two) in the caller's terms, before matmul sees a transposed k.
  const batchOf = (t: Tensor) => t.shape.slice(0, -2);
  for (const [name, t] of [["k", k], ["v", v]] as const) {
    const ok = batchOf(t).every((n, i) => n === batchOf(q)[i] || n === 1 || batchOf(q)[i] === 1);
    if (!ok) {
      throw new QkvError(`${who}: the batch axes of q ${formatShape(q.shape)} and ${name} ${formatShape(t.shape)} differ: ${formatShape(batchOf(q))} vs ${formatShape(batchOf(t))} (each must be equal or 1)`);
    }
  }
  const scale = opts.scale ?? 1 / Math.sqrt(d);
  if (!(typeof scale === "number" && Number.isFinite(scale) && scale > 0)) throw new QkvError(`${who}: scale must be a positive finite number, got ${String(opts.scale)}`);
  if (opts.causal && S < T) throw new QkvError(`${who}: causal attention needs at least as many keys as queries, got T=${T}, S=${S}`);
  const lead = q.shape.slice(0, -2);
  if (opts.mask) checkMask(opts.mask, [...lead, T, S], who);
  // The fused wasm kernel when it applies (float32, same batch axes, at most 2 of them, no dropout).
  const dv = v.shape[v.ndim - 1];
  const sameLead = (t: Tensor) => t.shape.slice(0, -2).every((n, i) => n === lead[i]);
  if (lead.length <= 2 && sameLead(k) && sameLead(v) && !dropoutActive(opts.dropout) && (!opts.mask || opts.mask.ndim <= 4)) {
    const [nb, nh] = lead.length === 2 ? lead : lead.length === 1 ? [1, lead[0]] : [1, 1];
    const layout = (t: Tensor, rows: number, width: number): HeadLayout =>
      ({ tensor: t, offset: 0, sb: nh * rows * width, sh: rows * width, st: width });
    const fused = fusedAttention({
      q: layout(q, T, d), k: layout(k, S, d), v: layout(v, S, dv), nb, nh, T, S, d, dv,
      outShape: [...lead, T, dv], out: { sb: nh * T * dv, sh: T * dv, st: dv },
      weightsShape: [...lead, T, S], mask: opts.mask ?? null, causal: !!opts.causal, scale,
    });
    if (fused) return fused;
  }
  // The readable path (and the js kernels' path): each step its own op.
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale); // (..., T, d) x (..., d, S) -> (..., T, S)
  if (opts.causal) scores = scores.maskedFill(causalMask(T, S).logicalNot(), -Infinity);
  if (opts.mask) {
    checkMask(opts.mask, scores.shape, who);
    scores = scores.maskedFill(opts.mask.logicalNot(), -Infinity);
  }
  const weights = scores.softmax(-1); // a row of all -Infinity -> zeros
  const dropped = opts.dropout ? opts.dropout.forward(weights) : weights;
  const output = dropped.matmul(v); // (..., T, S) x (..., S, dv) -> (..., T, dv)
  return { output, weights };
}

/** (B, T, C) -> (B, nh, T, hs) with hs = C / nh: each head gets its own slice of the features. */
export function splitHeads(x: Tensor, numHeads: number): Tensor {
  checkTensorArg(x, "splitHeads", "x");
  if (!(Number.isInteger(numHeads) && numHeads >= 1)) throw new QkvError(`splitHeads: numHeads must be a positive integer, got ${describeValue(numHeads)}`);
  const [B, T, C] = x.shape;
  if (x.ndim !== 3 || C % numHeads !== 0) {
    throw new QkvError(`splitHeads: input ${formatShape(x.shape)} must be (B, T, C) with C divisible by numHeads=${numHeads}`);
  }
  return x.reshape(B, T, numHeads, C / numHeads).transpose(1, 2); // (B, T, nh, hs) -> (B, nh, T, hs)
}

/** (B, nh, T, hs) -> (B, T, nh * hs): the heads' outputs side by side again. */
export function mergeHeads(x: Tensor): Tensor {
  checkTensorArg(x, "mergeHeads", "x");
  if (x.ndim !== 4) throw new QkvError(`mergeHeads: input ${formatShape(x.shape)} must be (B, nh, T, hs)`);
  const [B, nh, T, hs] = x.shape;
  return x.transpose(1, 2).reshape(B, T, nh * hs); // (B, nh, T, hs) -> (B, T, nh, hs) -> (B, T, C)
}

/** Whether this dropout would change its input (p > 0 while training). */
function dropoutActive(dropout: Dropout | null | undefined): boolean {
  return !!dropout && dropout.p > 0 && dropout.training;
}

/** Columns [start, start + width) of a (B, L, W) tensor, e.g. the keys of a packed (B, T, 3C) projection. */
export interface ColumnRange {
  tensor: Tensor;
  start: number;
  width: number;
}

function columns(x: Tensor | ColumnRange): ColumnRange {
  return x instanceof Tensor ? { tensor: x, start: 0, width: x.shape[x.ndim - 1] } : x;
}

/**
 * Multi-head attention on unsplit inputs: q (B, T, E), k (B, S, E), v (B, S, E) (each a tensor or a
 * column range of a wider one, such as GPT's packed (B, T, 3E) projection) -> { output (B, T, E) with the
 * heads side by side, weights (B, nh, T, S) }. The same as splitHeads, scaledDotProductAttention and
 * mergeHeads; with the wasm kernels, heads are read and written in place (no split or merge copies).
 * Masks as in AttentionOptions (true = may be attended to; broadcastable to (B, nh, T, S)).
 */
export function attendHeads(
  qIn: Tensor | ColumnRange, kIn: Tensor | ColumnRange, vIn: Tensor | ColumnRange, numHeads: number, opts: AttentionOptions = {},
): AttentionResult {
  const q = columns(qIn), k = columns(kIn), v = columns(vIn);
  const [B, T] = q.tensor.shape;
  const S = k.tensor.shape[1];
  const d = q.width / numHeads;
  const dv = v.width / numHeads;
  const valid = [q, k, v].every((c) => c.tensor.ndim === 3 && c.tensor.shape[0] === B && c.width % numHeads === 0) &&
    v.tensor.shape[1] === S && k.width === q.width;
  const scaleOk = opts.scale === undefined || (typeof opts.scale === "number" && Number.isFinite(opts.scale) && opts.scale > 0);
  if (valid && scaleOk && !dropoutActive(opts.dropout) && !(opts.causal && S < T)) {
    if (opts.mask) checkMask(opts.mask, [B, numHeads, T, S], "attendHeads");
    const layout = (c: ColumnRange, hs: number): HeadLayout => {
      const [, L, W] = c.tensor.shape;
      return { tensor: c.tensor, offset: c.start, sb: L * W, sh: hs, st: W };
    };
    const E = numHeads * dv;
    const fused = fusedAttention({
      q: layout(q, d), k: layout(k, d), v: layout(v, dv), nb: B, nh: numHeads, T, S, d, dv,
      outShape: [B, T, E], out: { sb: T * E, sh: dv, st: E },
      weightsShape: [B, numHeads, T, S], mask: opts.mask ?? null, causal: !!opts.causal, scale: opts.scale ?? 1 / Math.sqrt(d),
    });
    if (fused) return fused;
  }
  const part = (c: ColumnRange) => (c.start === 0 && c.width === c.tensor.shape[2] ? c.tensor : c.tensor.slice(2, c.start, c.start + c.width));
  const { output, weights } = scaledDotProductAttention(
    splitHeads(part(q), numHeads), splitHeads(part(k), numHeads), splitHeads(part(v), numHeads), opts,
  ); // (B, nh, T, hs) each
  return { output: mergeHeads(output), weights }; // (B, nh, T, hs) -> (B, T, E)
}
