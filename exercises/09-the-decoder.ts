// Lesson 09 — the decoder, and encoder-decoder models. Fill in the four functions below, then run
//   npm run grade -- 09        (or `await check("09.1")` in the notebook)
// Masks follow the library's convention: a bool tensor where TRUE means "this key may be attended to"
// (Hugging Face's attention_mask = 1).
// Tensor methods that help: x.matmul(w.transpose(0, 1)), x.reshape(...), x.transpose(1, 2),
// scores.maskedFill(mask, value) (fills where mask is TRUE), mask.logicalNot(), t.softmax(-1),
// t.toArray(); and from "qkv": tensor(data, { dtype: "int32" }), IGNORE_INDEX (= -100).
import { NotImplemented, type Tensor } from "qkv";

/** The four weight matrices of multi-head attention, each (C, C) in PyTorch's (out, in) layout, no biases. */
export interface AttentionWeights {
  /** queries: q = x Wqᵀ (from the decoder); rows [h·hs, (h+1)·hs) belong to head h */
  wq: Tensor;
  /** keys: k = memory Wkᵀ (from the encoder's output) */
  wk: Tensor;
  /** values: v = memory Wvᵀ (from the encoder's output) */
  wv: Tensor;
  /** the output projection of the merged heads: out = merged Woᵀ */
  wo: Tensor;
}

/**
 * 09.1 — Multi-head cross-attention: the decoder's vectors ask, the encoder's output answers.
 *   q = x Wqᵀ (B, T, C);  k = memory Wkᵀ, v = memory Wvᵀ (B, S, C)
 *   split each into numHeads heads of hs = C / numHeads features     (B, nh, T or S, hs)
 *   weights = softmax(q kᵀ / √hs) over the S source positions         (B, nh, T, S)
 *   output = merge(weights v) Woᵀ                                      (B, T, C)
 * With memoryMask, a source position whose mask is FALSE gets weight exactly 0 for every query (its
 * score is -Infinity before the softmax); an example whose mask is false everywhere gets all-zero
 * weights and an all-zero output (not NaN). The inputs are not modified.
 *
 * @param x the decoder's vectors (the queries), shape (B, T, C)
 * @param memory the encoder's output (the keys and values), shape (B, S, C); T and S may differ
 * @param weights Wq, Wk, Wv, Wo, each (C, C) (see AttentionWeights)
 * @param numHeads nh, a positive integer dividing C
 * @param memoryMask optional bool tensor (B, S): TRUE = this source position may be attended to
 *   (false on padding)
 * @returns { output: (B, T, C), weights: (B, nh, T, S) } — weights[b, h, t, s] is how much target
 *   position t takes from source position s in head h; each row sums to 1 (or is all 0 when fully masked)
 * @throws an Error naming the shapes when x or memory is not 3-D, their B or C differ, C is not
 *   divisible by numHeads, or memoryMask is not a bool tensor of shape (B, S)
 *
 * @example
 * // B = 2, T = 3 target positions, S = 5 source positions, C = 8, 2 heads; example 1 has 3 real source tokens
 * const { output, weights } = crossAttention(x, memory, { wq, wk, wv, wo }, 2, paddingMask([5, 3], 5));
 * output.shape   // [2, 3, 8]
 * weights.shape  // [2, 2, 3, 5]; weights[1, h, t, 3] and weights[1, h, t, 4] are 0
 */
export function crossAttention(
  x: Tensor, memory: Tensor, weights: AttentionWeights, numHeads: number, memoryMask?: Tensor,
): { output: Tensor; weights: Tensor } {
  throw new NotImplemented("09.1");
}

/**
 * 09.2 — Teacher-forcing inputs: shift a batch of targets right by one position. Row b becomes
 * [startId, targets[b, 0], ..., targets[b, T-2]]: the start token in front, the last token dropped, so
 * that decoder position t sees the targets before t and must predict targets[b, t]. Targets may mark
 * padding with the ignore value -100 (IGNORE_INDEX, skipped by the loss); it is not a token id, so in
 * the decoder input it becomes padId. The input is not modified.
 *
 * @param targets int32 tensor (B, T) of target ids: integers >= 0, or -100 for padding
 * @param startId the start-of-sequence id (<s>), an integer >= 0
 * @param padId the padding id, an integer >= 0
 * @returns a new int32 tensor (B, T)
 * @throws an Error naming the argument when targets is not a 2-D int32 tensor, when any target
 *   (at ANY position, the dropped last one included) is negative and not -100, or when startId or padId
 *   is not an integer >= 0
 *
 * @example
 * shiftRight(tensor([[5, 6, 7, 2], [8, 2, -100, -100]], { dtype: "int32" }), 1, 0).toArray()
 * // [[1, 5, 6, 7],
 * //  [1, 8, 2, 0]]
 */
export function shiftRight(targets: Tensor, startId: number, padId: number): Tensor {
  throw new NotImplemented("09.2");
}

/** What greedyDecode needs: a decoder (with its source already encoded) that scores every position. */
export interface NextTokenModel {
  /** ids (B, t) int32, the sequences so far -> logits (B, t, V); position p scores the token after ids[:, p]. */
  forward(ids: Tensor): Tensor;
}

/**
 * 09.3 — Greedy decoding of a batch. Row b starts as [startIds[b]]. At every step, run the model on
 * ALL rows' whole sequences so far (B, t), take each row's logits at the LAST position, append the
 * argmax (the smallest id on ties). A row that produces stopId is finished: its output ends with
 * stopId, and from then on it is fed stopId (so the batch stays rectangular) but gains no more output.
 * Decoding ends when every row has finished or after maxNewTokens steps.
 *
 * @param model anything with forward(ids (B, t) int32) -> logits (B, t, V)
 * @param startIds one start id per row (B >= 1), each an integer in [0, V)
 * @param options.maxNewTokens the most tokens to add per row, an integer >= 0
 * @param options.stopId the token that ends a row, an integer in [0, V)
 * @returns for each row, the generated ids WITHOUT the start id: up to and including stopId if it was
 *   produced, otherwise exactly maxNewTokens ids. startIds is not modified.
 * @throws an Error naming the argument when startIds is empty, any start id (first, middle or last)
 *   is not an integer in [0, V), stopId is not an integer in [0, V), or maxNewTokens is not an
 *   integer >= 0. V is the size of the last axis of the model's logits.
 *
 * @example
 * // a model that always scores "previous token + 1" highest, V = 10, stop = 4
 * greedyDecode(model, [1, 6], { maxNewTokens: 5, stopId: 4 })
 * // [[2, 3, 4], [7, 8, 9, 0, 1]]
 */
export function greedyDecode(model: NextTokenModel, startIds: number[], options: { maxNewTokens: number; stopId: number }): number[][] {
  throw new NotImplemented("09.3");
}

/** One vocabulary entry and its probability. */
export interface WordProbability {
  id: number;
  word: string;
  probability: number;
}

/**
 * 09.4 — The output layer's last step: softmax over the whole vocabulary, then the k most likely words.
 * probabilities[b] = softmax(logits[b]) over the V entries (stable for logits in the thousands;
 * -Infinity gives 0; a row that is -Infinity everywhere gives all zeros). top[b] lists the k entries
 * of row b with the highest probability, highest first, ties broken by the smaller id. The
 * probabilities in `top` are those of the full softmax (not renormalised over the k). The inputs are
 * not modified.
 *
 * @param logits float tensor (B, V): one row of scores per position
 * @param vocabulary the V words, vocabulary[id] = the word of that id
 * @param k how many words to list per row, an integer in [1, V]
 * @returns { probabilities: (B, V) float tensor, top: B arrays of k { id, word, probability } }
 * @throws an Error naming the argument when logits is not 2-D, vocabulary.length !== V, or k is not an
 *   integer in [1, V]
 *
 * @example
 * const { probabilities, top } = vocabularyProbabilities(tensor([[1, 3, 2]]), ["a", "b", "c"], 2);
 * // probabilities ≈ [[0.0900, 0.6652, 0.2447]]
 * // top = [[{ id: 1, word: "b", probability: 0.6652 }, { id: 2, word: "c", probability: 0.2447 }]]
 */
export function vocabularyProbabilities(logits: Tensor, vocabulary: string[], k: number): { probabilities: Tensor; top: WordProbability[][] } {
  throw new NotImplemented("09.4");
}
