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
    const ok = batchOf(t).every((d, i) => d === batchOf(q)[i] || d === 1 || batchOf(q)[i] === 1);
    if (!ok) {
      throw new QkvError(`${who}: the batch axes of q ${formatShape(q.shape)} and ${name} ${formatShape(t.shape)} differ: ${formatShape(batchOf(q))} vs ${formatShape(batchOf(t))} (each must be equal or 1)`);
    }
  }
  if (opts.mask !== undefined && opts.mask !== null) checkMask(opts.mask, [...batchOf(q), T, S], who);
  let scores = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(d)); // (..., T, d) x (..., d, S) -> (..., T, S)
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
