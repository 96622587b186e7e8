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
 * masked key gets weight exactly 0 and the allowed keys' weights still sum to 1, however low the allowed
 * scores are (-1e10 too: a finite fill such as -1e9 is not enough). A query row where every key is
 * masked gets all zeros (not NaN, and not a uniform 1/S). Do not modify `scores` or `mask`.
 *
 * @param scores float tensor of shape (..., T, S): one row of key scores per query
 * @param mask bool tensor broadcastable to scores' shape: (T, S) causal, (B, 1, S) or (B, 1, 1, S) padding,
 *   (S), or the scores' own shape; TRUE = this key may be attended to
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
 * @throws an Error naming the length and T when a length (first, middle or last) is negative, not an
 *   integer or larger than T. Do not modify `lengths`.
 *
 * @example
 * paddingMask([3, 1], 4).toArray()
 * // [[true, true,  true,  false],
 * //  [true, false, false, false]]
 */
export function paddingMask(lengths: number[], T: number): Tensor {
  throw new NotImplemented("05.3");
}

// ---- 05.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 05.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 05.4` or `await check("05.4")` in the notebook.
 */
export const review: {
  q1: number | undefined;
  q2: Choice | undefined;
  q3: number | undefined;
  q4: Choice | undefined;
  q5: Choice | undefined;
} = {
  q1: undefined, // entries of a causal mask: a number
  q2: undefined, // where the mask goes: "a" | "b" | "c" | "d"
  q3: undefined, // a masked softmax by hand: a number
  q4: undefined, // a padding mask in a batch: "a" | "b" | "c" | "d"
  q5: undefined, // a fully masked row: "a" | "b" | "c" | "d"
};
