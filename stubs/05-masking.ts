// Lesson 05 — masking. Fill in the three functions below, then run
//   npm run grade -- 05        (or `await check("05.1")` in the notebook)
// The mask convention is the library's: a bool tensor where TRUE means "this key may be attended to"
// (Hugging Face's attention_mask = 1, and torch.nn.functional.scaled_dot_product_attention's bool mask;
// the bool masks of PyTorch's nn.MultiheadAttention and nn.Transformer* layers mean the opposite).
// Tensor methods that help: tensor(data, { shape, dtype: "bool" }), mask.logicalNot(),
// scores.maskedFill(mask, value) (fills where mask is TRUE), scores.softmax(-1).
import { NotImplemented, type Tensor } from "qkv";

/**
 * 05.1 — The causal mask for a sequence of T tokens: query i may attend to key j only when j <= i
 * (itself and earlier tokens, never later ones).
 *
 * @param T the sequence length, a positive integer
 * @returns a bool tensor of shape (T, T); entry (i, j) is true when j <= i (the lower triangle with
 *   its diagonal)
 * @throws an Error naming T when T is not a positive integer
 *
 * @example
 * causalMask(3).toArray()
 * // [[true,  false, false],
 * //  [true,  true,  false],
 * //  [true,  true,  true ]]
 */
export function causalMask(T: number): Tensor {
  throw new NotImplemented("05.1");
}

/**
 * 05.2 — Softmax over the keys with a mask: masked scores become -Infinity BEFORE the softmax, so a
 * masked key gets weight exactly 0 and the allowed keys' weights still sum to 1. A query row where
 * every key is masked gets all zeros (not NaN, and not a uniform 1/S). Do not modify `scores`.
 *
 * @param scores float tensor of shape (..., T, S): one row of key scores per query
 * @param mask bool tensor broadcastable to scores' shape, e.g. (T, S) for (B, T, S) scores;
 *   TRUE = this key may be attended to
 * @returns the attention weights, a new tensor with the shape of `scores`, softmax over the last axis
 *
 * @example
 * maskedSoftmax(tensor([[1, 2, 3]]), tensor([[true, true, false]], { dtype: "bool" }))
 * // [[0.2689, 0.7311, 0]]
 * maskedSoftmax(tensor([[1, 2]]), tensor([[false, false]], { dtype: "bool" }))
 * // [[0, 0]]
 */
export function maskedSoftmax(scores: Tensor, mask: Tensor): Tensor {
  throw new NotImplemented("05.2");
}

/**
 * 05.3 — The padding mask of a batch of sequences padded on the right to length T: position t of
 * sequence b is a real token when t < lengths[b], padding otherwise.
 *
 * @param lengths the real length of each sequence, integers in [0, T]; B = lengths.length
 * @param T the padded length (every row of the batch has T positions, even when T > max(lengths))
 * @returns a bool tensor of shape (B, T), TRUE on real tokens (they may be attended to), false on padding
 * @throws an Error naming the length and T when a length is negative, not an integer or larger than T
 *
 * @example
 * paddingMask([3, 1], 4).toArray()
 * // [[true, true,  true,  false],
 * //  [true, false, false, false]]
 */
export function paddingMask(lengths: number[], T: number): Tensor {
  throw new NotImplemented("05.3");
}
