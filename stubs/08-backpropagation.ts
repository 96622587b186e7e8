// Lesson 08 — backpropagation. Fill in the four functions below, then run
//   npm run grade -- 08        (or `await check("08.1")` in the notebook)
// Use the tensor API (x.matmul(…), x.transpose(-2, -1), x.softmax(-1), x.sum(0), …). Work out the
// shapes first: every gradient has the shape of the tensor it belongs to. Never write into an input's
// .data: return new tensors.
import { NotImplemented, type Tensor } from "qkv";

/**
 * 08.1 — The backward pass of a linear layer Y = x Wᵀ + b (W stored (out, in), as nn.Linear).
 *
 * Given dY = ∂L/∂Y, return the gradients of the loss with respect to x, W and b:
 *
 *   dX = dY W          (…, out) x (out, in) -> (…, in)
 *   dW = dYᵀ x         summed over every position: Σₙ dY[n]ᵀ x[n] -> (out, in)
 *   db = Σₙ dY[n]      -> (out)
 *
 * x may have any number of leading axes, (in), (N, in), (B, T, in), …: every position n of those axes
 * is one row, and dW, db sum over all of them (flatten the leading axes into N rows).
 *
 * @param x  the layer's input, shape (…, in)
 * @param W  the weight, shape (out, in)
 * @param dY the gradient of the loss with respect to the output, shape (…, out) — the same leading axes as x
 * @returns { dX (same shape as x), dW (out, in), db (out) }; x, W and dY are left unchanged
 * @throws an Error naming linearBackward and the shapes when W is not 2-D, x's last axis is not `in`,
 *   dY's last axis is not `out`, or the leading axes of x and dY differ
 *
 * @example
 * // in = 2, out = 3, one row
 * linearBackward(tensor([[1, 2]]), tensor([[1, 0], [0, 1], [1, 1]]), tensor([[1, 0, 2]]))
 * // dX = [[3, 2]], dW = [[1, 2], [0, 0], [2, 4]], db = [1, 0, 2]
 */
export function linearBackward(x: Tensor, W: Tensor, dY: Tensor): { dX: Tensor; dW: Tensor; db: Tensor } {
  throw new NotImplemented("08.1");
}

/**
 * 08.2 — Softmax + cross-entropy, forward and backward, as torch.nn.functional.cross_entropy with
 * reduction "mean" and ignore_index:
 *
 *   loss = (1/M) Σₙ −ln softmax(logits[n])[targets[n]]     over the M positions whose target counts
 *   dLogits[n] = (softmax(logits[n]) − onehot(targets[n])) / M,   and 0 for an ignored position
 *
 * The classes are the LAST axis. A target equal to `ignoreIndex` (−100 by default) does not count:
 * it adds nothing to the loss, its row of dLogits is 0, and it is not in M. Logits as large as ±1e4
 * must still give finite results (subtract each row's maximum before exp, or use .softmax/.logSoftmax).
 *
 * @param logits  (N, C) or (B, T, C), float
 * @param targets class ids, shape (N) or (B, T) (the logits' shape without the last axis): whole
 *   numbers in [0, C), or ignoreIndex; int32 or float holding whole numbers
 * @param ignoreIndex the id that marks positions without a target, −100 by default
 * @returns { loss: a number, dLogits: a tensor of the logits' shape }; the inputs are left unchanged
 * @throws an Error naming softmaxCrossEntropyBackward when the shapes do not fit, when a target is not a
 *   whole number in [0, C) (and not ignoreIndex), or when every target is ignored (M = 0)
 *
 * @example
 * softmaxCrossEntropyBackward(tensor([[0, 0], [0, 5]]), tensor([1, -100], { dtype: "int32" }))
 * // loss = ln 2 ≈ 0.693147 (only row 0 counts), dLogits = [[0.5, -0.5], [0, 0]]
 */
export function softmaxCrossEntropyBackward(
  logits: Tensor, targets: Tensor, ignoreIndex = -100,
): { loss: number; dLogits: Tensor } {
  throw new NotImplemented("08.2");
}

/**
 * 08.3 — The backward pass of single-head scaled dot-product attention,
 *
 *   S = Q Kᵀ / √d,   A = softmax(S) over the keys (masked scores = −∞ first),   O = A V
 *
 * Given dOut = ∂L/∂O, return ∂L/∂Q, ∂L/∂K and ∂L/∂V:
 *
 *   dV = Aᵀ dOut                              (B, S, T) x (B, T, dv) -> (B, S, dv)
 *   dA = dOut Vᵀ                              (B, T, S)
 *   dS = A ⊙ (dA − rowsum(dA ⊙ A))            the softmax's backward, row by row
 *   dQ = dS K / √d,   dK = dSᵀ Q / √d
 *
 * The mask is boolean, TRUE = may attend (as in lessons 05–06), shape (T, S) (the same for every batch
 * entry) or (B, T, S). A masked pair has weight 0 and so no gradient; a query whose row is fully masked
 * has weights, output and gradients 0 (never NaN).
 *
 * @param q    queries, (B, T, d)
 * @param k    keys, (B, S, d)
 * @param v    values, (B, S, dv)
 * @param dOut the gradient of the loss with respect to the output, (B, T, dv)
 * @param mask optional bool (T, S) or (B, T, S), true = may attend
 * @returns { dQ (B, T, d), dK (B, S, d), dV (B, S, dv) }; the inputs are left unchanged
 * @throws an Error naming attentionBackward and the shapes when the inputs are not 3-D, their sizes do
 *   not fit together, or the mask is not a bool tensor of shape (T, S) or (B, T, S)
 *
 * @example
 * // one query, one key: A = [[1]], so dV = dOut and dQ = dK = 0
 * attentionBackward(tensor([[[1, 2]]]), tensor([[[3, 4]]]), tensor([[[5]]]), tensor([[[2]]]))
 * // dQ = [[[0, 0]]], dK = [[[0, 0]]], dV = [[[2]]]
 */
export function attentionBackward(
  q: Tensor, k: Tensor, v: Tensor, dOut: Tensor, mask?: Tensor,
): { dQ: Tensor; dK: Tensor; dV: Tensor } {
  throw new NotImplemented("08.3");
}

/** Adam's running averages for one parameter, and the number of the step about to be taken. */
export interface AdamState {
  /** First moment (running mean of the gradient), the parameter's shape; zeros before step 1. */
  m: Tensor;
  /** Second moment (running mean of the squared gradient), the parameter's shape; zeros before step 1. */
  v: Tensor;
  /** The number of this step: 1 for the first update, 2 for the second, … */
  t: number;
}

export interface AdamStepOptions {
  /** Learning rate η, ≥ 0 (default 1e-3). */
  lr?: number;
  /** [β1, β2], each in [0, 1) (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to √v̂ in the denominator (default 1e-8). */
  eps?: number;
  /** λ, ≥ 0 (default 0). */
  weightDecay?: number;
  /** false (default): Adam's L2 decay, g = grad + λ·param. true: AdamW, param ← param·(1 − η·λ) before the step. */
  decoupled?: boolean;
}

/**
 * 08.4 — One step of Adam (or AdamW) for one parameter tensor, as a pure function (torch.optim.Adam /
 * AdamW; the library's Adam and AdamW do the same in place):
 *
 *   AdamW only:  p = p · (1 − η λ)                         (decoupled weight decay)
 *   Adam only:   g = grad + λ p                            (L2 weight decay; with λ = 0, g = grad)
 *   m = β1 m + (1 − β1) g
 *   v = β2 v + (1 − β2) g²
 *   m̂ = m / (1 − β1ᵗ),   v̂ = v / (1 − β2ᵗ)               (bias correction: m and v start at 0)
 *   p = p − η m̂ / (√v̂ + ε)
 *
 * @param param the parameter, any shape, float
 * @param grad  its gradient, the same shape
 * @param state { m, v, t }: the moments after the previous step (zeros before the first) and this step's number t ≥ 1
 * @param options lr, betas, eps, weightDecay, decoupled (see AdamStepOptions)
 * @returns { param, m, v }: NEW tensors of the parameter's shape (the caller passes m, v and t + 1 to the
 *   next step); param, grad, state.m and state.v are left unchanged
 * @throws an Error naming adamStep when the shapes differ, t is not a whole number ≥ 1, lr or
 *   weightDecay is negative, or a beta is outside [0, 1)
 *
 * @example
 * // first step: m̂ = g and v̂ = g², so the step is η·g/(|g| + ε) ≈ η·sign(g), whatever the gradient's size
 * adamStep(tensor([1, 1]), tensor([0.5, -200]), { m: zeros([2]), v: zeros([2]), t: 1 }, { lr: 0.1 })
 * // param ≈ [0.9, 1.1], m = [0.05, -20], v = [0.00025, 40]
 */
export function adamStep(
  param: Tensor, grad: Tensor, state: AdamState, options: AdamStepOptions = {},
): { param: Tensor; m: Tensor; v: Tensor } {
  throw new NotImplemented("08.4");
}
