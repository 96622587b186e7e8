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
import { QkvError, formatShape } from "../tensor/errors.js";
import { causalMask } from "./masks.js";
import type { Dropout } from "./dropout.js";

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
  if (q.ndim < 2 || k.ndim !== q.ndim || v.ndim !== q.ndim) {
    throw new QkvError(`${who}: q ${formatShape(q.shape)}, k ${formatShape(k.shape)}, v ${formatShape(v.shape)} must have the same number (>= 2) of dimensions`);
  }
  const d = q.shape[q.ndim - 1];
  const T = q.shape[q.ndim - 2];
  const S = k.shape[k.ndim - 2];
  if (k.shape[k.ndim - 1] !== d) throw new QkvError(`${who}: q ${formatShape(q.shape)} and k ${formatShape(k.shape)}: feature sizes ${d} != ${k.shape[k.ndim - 1]}`);
  if (v.shape[v.ndim - 2] !== S) throw new QkvError(`${who}: k ${formatShape(k.shape)} and v ${formatShape(v.shape)}: key counts ${S} != ${v.shape[v.ndim - 2]}`);
  const scale = opts.scale ?? 1 / Math.sqrt(d);
  if (!(typeof scale === "number" && Number.isFinite(scale) && scale > 0)) throw new QkvError(`${who}: scale must be a positive finite number, got ${String(opts.scale)}`);
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale); // (..., T, d) x (..., d, S) -> (..., T, S)
  if (opts.causal) {
    if (S < T) throw new QkvError(`${who}: causal attention needs at least as many keys as queries, got T=${T}, S=${S}`);
    scores = scores.maskedFill(causalMask(T, S).logicalNot(), -Infinity);
  }
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
  const [B, T, C] = x.shape;
  if (x.ndim !== 3 || C % numHeads !== 0) {
    throw new QkvError(`splitHeads: input ${formatShape(x.shape)} must be (B, T, C) with C divisible by numHeads=${numHeads}`);
  }
  return x.reshape(B, T, numHeads, C / numHeads).transpose(1, 2); // (B, T, nh, hs) -> (B, nh, T, hs)
}

/** (B, nh, T, hs) -> (B, T, nh * hs): the heads' outputs side by side again. */
export function mergeHeads(x: Tensor): Tensor {
  if (x.ndim !== 4) throw new QkvError(`mergeHeads: input ${formatShape(x.shape)} must be (B, nh, T, hs)`);
  const [B, nh, T, hs] = x.shape;
  return x.transpose(1, 2).reshape(B, T, nh * hs); // (B, nh, T, hs) -> (B, T, nh, hs) -> (B, T, C)
}
