// Lesson 07 — the encoder. Fill in the three functions below, then run
//   npm run grade -- 07        (or `await check("07.1")` in the notebook)
// Use the tensor API (x.mean(-1, true), x.sub(…), x.matmul(…), x.relu(), …); the library's own
// layerNorm, FeedForward and TransformerEncoderLayer are what the grader compares you with.
import { NotImplemented, type Tensor } from "qkv";

/**
 * 07.1 — Layer normalisation over the last axis. For each vector x of C numbers (one token):
 *
 *   μ = (1/C) Σᵢ xᵢ          σ² = (1/C) Σᵢ (xᵢ − μ)²      (the population variance: divide by C, not C − 1)
 *   yᵢ = γᵢ · (xᵢ − μ) / √(σ² + ε) + βᵢ
 *
 * Every token is normalised on its own: the mean and variance run over the LAST axis only, never across
 * tokens or across the batch. ε keeps a constant vector (σ² = 0) from dividing by zero: it then gives β.
 * Compute σ² as the mean of (xᵢ − μ)², not as E[x²] − μ²: in float32 the latter loses the whole
 * variance of tokens whose values are large next to their spread (e.g. 1e4 ± 1).
 *
 * @param x     a tensor of shape (..., C): (C), (T, C) or (B, T, C)
 * @param gamma the learned scale, a 1-D tensor of shape (C)
 * @param beta  the learned shift, a 1-D tensor of shape (C)
 * @param eps   added to the variance under the square root (1e-5, PyTorch's default)
 * @returns a new tensor of the same shape as x. Do not modify x, gamma or beta.
 * @throws an Error naming the shapes when gamma or beta is not of shape (C), also when it would broadcast
 *   (shape (1), (1, C) or x's own shape): never rely on broadcasting to catch a wrong parameter
 *
 * @example
 * layerNorm(tensor([1, 2, 3, 4]), ones([4]), zeros([4]))
 *   // μ = 2.5, σ² = 1.25  ->  ≈ [-1.3416, -0.4472, 0.4472, 1.3416]
 * layerNorm(tensor([5, 5, 5]), tensor([1, 1, 1]), tensor([0.5, 0, -1]))   // [0.5, 0, -1]
 */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  throw new NotImplemented("07.1");
}

/**
 * 07.2 — The position-wise feed-forward network, the same small two-layer network applied to every token:
 *
 *   FFN(x) = act(x W₁ᵀ + b₁) W₂ᵀ + b₂
 *
 * Weights are stored (out, in) as in PyTorch's nn.Linear, hence the transposes. The hidden layer is
 * usually 4 × wider than C. `act` is ReLU, max(0, z) (the original Transformer), or GELU, the exact
 * z · Φ(z) with Φ the normal CDF (BERT; `z.gelu()` in the library, not its "tanh" approximation).
 *
 * @param x  (..., C): (T, C) or (B, T, C)
 * @param W1 (H, C), b1 (H): the first layer, C -> H
 * @param W2 (C, H), b2 (C): the second layer, H -> C
 * @param activation "relu" (default) or "gelu"
 * @returns a new tensor of the same shape as x. Do not modify x or the weights.
 *
 * @example
 * // C = 2, H = 3
 * feedForward(tensor([[1, -1]]),
 *   tensor([[1, 0], [0, 1], [1, 1]]), tensor([0, 0, 1]),      // hidden: relu([1, -1, 1]) = [1, 0, 1]
 *   tensor([[1, 1, 1], [2, 0, -1]]), tensor([0, 0.5]))         // -> [[2, 1.5]]
 */
export function feedForward(
  x: Tensor, W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor, activation: "relu" | "gelu" = "relu",
): Tensor {
  throw new NotImplemented("07.2");
}

/** The four parts of an encoder block, each a function (B, T, C) -> (B, T, C). */
export interface EncoderSublayers {
  /** Multi-head self-attention: every token looks at every token. */
  selfAttention: (x: Tensor) => Tensor;
  /** The position-wise feed-forward network (07.2 with fixed weights). */
  feedForward: (x: Tensor) => Tensor;
  /** The layer norm that goes with the attention sublayer (07.1 with its own γ, β). */
  norm1: (x: Tensor) => Tensor;
  /** The layer norm that goes with the feed-forward sublayer (its own γ, β, different from norm1's). */
  norm2: (x: Tensor) => Tensor;
}

/**
 * 07.3 — One encoder block: two sublayers, each wrapped in a residual connection and a layer norm.
 *
 * Post-norm (normFirst false, the default; "Attention Is All You Need", BERT):
 *   h   = norm1(x + selfAttention(x))
 *   out = norm2(h + feedForward(h))
 *
 * Pre-norm (normFirst true; GPT-2 and most models since): normalise the sublayer's INPUT only and leave
 * the residual path itself untouched:
 *   h   = x + selfAttention(norm1(x))
 *   out = h + feedForward(norm2(h))
 *
 * Call each given function once per use; do not change x.
 *
 * @param x         (B, T, C)
 * @param sublayers the block's four functions (see EncoderSublayers)
 * @param options   { normFirst?: boolean }, false by default
 * @returns (B, T, C)
 *
 * @example
 * // With selfAttention = feedForward = (x) => zeros and norm1 = norm2 = identity, out equals x.
 */
export function encoderBlock(x: Tensor, sublayers: EncoderSublayers, options: { normFirst?: boolean } = {}): Tensor {
  throw new NotImplemented("07.3");
}

// ---- 07.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 07.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 07.4` or `await check("07.4")` in the notebook.
 */
export const review: {
  q1: Choice | undefined;
  q2: number | undefined;
  q3: Choice | undefined;
  q4: Choice | undefined;
  q5: Choice | undefined;
} = {
  q1: undefined, // post-norm: "a" | "b" | "c" | "d"
  q2: undefined, // parameters of the feed-forward network: a number
  q3: undefined, // what layer norm normalises: "a" | "b" | "c" | "d"
  q4: undefined, // why residual connections: "a" | "b" | "c" | "d"
  q5: undefined, // contextual representations: "a" | "b" | "c" | "d"
};
