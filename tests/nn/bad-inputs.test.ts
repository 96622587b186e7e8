/**
 * Bad inputs to the layers, attention, masks and models at forward time, and the message each must
 * give (issue 19): the function, the argument, what was given and what is allowed, in the caller's terms.
 */
import { describe, expect, it } from "vitest";
import {
  QkvError, Rng, tensor, zeros, causalMask, paddingMask, scaledDotProductAttention, splitHeads, mergeHeads, linear, Linear, Embedding,
  MultiHeadAttention, FeedForward, sinusoidalPositionalEncoding, PositionalEncoding, positionIds, TransformerEncoderLayer, GPT, gptConfig,
  BERT, bertConfig,
} from "qkv";

const any = <T>(v: unknown) => v as T;
const rng = new Rng(0);
const x3 = zeros([2, 3, 4]);
const tinyGpt = () => new GPT(gptConfig({ vocabSize: 10, nPositions: 8, nEmbd: 4, nLayer: 1, nHead: 2 }), new Rng(1));

const cases: [string, () => unknown, RegExp][] = [
  // attention: shapes in the caller's terms
  ["attention with an array as q", () => scaledDotProductAttention(any([[1]]), zeros([1, 1]), zeros([1, 1])), /^scaledDotProductAttention: q must be a Tensor, got an array of length 1/],
  ["attention with batch sizes of q and k that differ", () => scaledDotProductAttention(zeros([2, 3, 4]), zeros([3, 3, 4]), zeros([3, 3, 4])), /^scaledDotProductAttention: the batch axes of q \(2,3,4\) and k \(3,3,4\) differ: \(2\) vs \(3\) \(each must be equal or 1\)$/],
  ["attention with a mask that does not broadcast", () => scaledDotProductAttention(x3, x3, x3, { mask: tensor([[true, false]]) }), /^scaledDotProductAttention: mask of shape \(1,2\) does not broadcast to the scores \(2,3,3\) \(queries T x keys S last\)$/],
  ["attention with a float mask", () => scaledDotProductAttention(x3, x3, x3, { mask: zeros([3, 3]) }), /^scaledDotProductAttention: mask must be a bool tensor \(true = may be attended to\), got float32 of shape \(3,3\)$/],
  ["attention with an array mask", () => scaledDotProductAttention(x3, x3, x3, { mask: any([[true]]) }), /^scaledDotProductAttention: mask must be a bool Tensor \(true = may be attended to\), got an array of length 1 \(make one with tensor\(values, \{ dtype: "bool" \}\)\)$/],
  ["splitHeads with 0 heads", () => splitHeads(zeros([1, 2, 4]), 0), /^splitHeads: numHeads must be a positive integer, got 0$/],
  ["mergeHeads of an array", () => mergeHeads(any([1])), /^mergeHeads: x must be a Tensor, got \[1\] \(an array\)/],
  ["MultiHeadAttention with an array query", () => new MultiHeadAttention(4, 2, rng).forward(any([1]), x3, x3), /^MultiHeadAttention: query must be a Tensor, got \[1\] \(an array\)/],
  ["MultiHeadAttention with batch sizes that differ", () => new MultiHeadAttention(4, 2, rng).forward(zeros([1, 2, 4]), zeros([2, 2, 4]), zeros([2, 2, 4])), /^MultiHeadAttention: query \(1,2,4\), key \(2,2,4\), value \(2,2,4\): batch sizes must agree/],
  // masks: empty, fractional, huge
  ["causalMask with T > S", () => causalMask(3, 2), /^causalMask: T \(queries\) and S \(keys\) must be integers with 0 <= T <= S, got T=3, S=2$/],
  ["causalMask(2.5)", () => causalMask(2.5), /^causalMask: T \(queries\) and S \(keys\) must be integers with 0 <= T <= S, got T=2\.5, S=2\.5$/],
  ["causalMask of a huge size", () => causalMask(1e6), /^causalMask: a \(1000000, 1000000\) mask has 1000000000000 elements, more than the 2147483647 a tensor can hold$/],
  ["paddingMask of no lengths", () => paddingMask([]), /^paddingMask: needs at least one length, got \[\] \(an empty batch\)$/],
  ["paddingMask of a fractional length", () => paddingMask([1.5]), /^paddingMask: length 1\.5 of sequence 0 must be an integer in \[0, S=1\.5\]$/],
  ["paddingMask of a huge S", () => paddingMask([1], 1e12), /^paddingMask: a \(1, 1000000000000\) mask has more than the 2147483647 elements a tensor can hold$/],
  ["paddingMask of a string", () => paddingMask(any("3")), /^paddingMask: needs the sequence lengths \(number\[\]\) or an attention_mask Tensor \(B, S\), got "3"$/],
  // layers at forward time
  ["linear() of an array", () => linear(any([1]), zeros([2, 2])), /^linear: x must be a Tensor, got \[1\] \(an array\)/],
  ["Linear.forward of an array", () => new Linear(2, 3, rng).forward(any([[1, 2]])), /^Linear: x must be a Tensor, got an array of length 1/],
  ["Embedding.forward of an array of ids", () => new Embedding(5, 3, rng).forward(any([1, 2])), /^Embedding\.forward: ids must be a Tensor, got \[1,2\] \(an array\)/],
  ["Embedding.forward of float ids", () => new Embedding(5, 3, rng).forward(tensor([1.5])), /^Embedding: ids must be an int32 tensor, got float32 of shape \(1\)/],
  ["FeedForward.forward of an array", () => new FeedForward(4, rng).forward(any([1])), /^FeedForward\.forward: x must be a Tensor/],
  ["PositionalEncoding.forward of an array", () => new PositionalEncoding(4, 8).forward(any([1])), /^PositionalEncoding\.forward: x must be a Tensor/],
  ["PositionalEncoding.forward at offset 0.5", () => new PositionalEncoding(4, 8).forward(zeros([1, 2, 4]), 0.5), /^PositionalEncoding\.forward: offset must be an integer >= 0, got 0\.5$/],
  ["sinusoidalPositionalEncoding of a huge size", () => sinusoidalPositionalEncoding(1e9, 512), /^sinusoidalPositionalEncoding: \(T=1000000000, C=512\) has 512000000000 elements, more than the 2147483647/],
  ["positionIds(1.5)", () => positionIds(1.5), /^positionIds: T must be an integer >= 0, got 1\.5$/],
  ["TransformerEncoderLayer.forward of an array", () => new TransformerEncoderLayer(4, 2, rng).forward(any([1])), /^TransformerEncoderLayer\.forward: src must be a Tensor/],
  // a wrong rng (was "Cannot read properties of undefined (reading 'next')"; a missing one now means weights to be loaded)
  ["Linear with a seed instead of an Rng", () => new Linear(2, 3, any(42)), /^initializing weights: rng must be an Rng \(new Rng\(seed\)\), or left out for weights that will be loaded, got 42$/],
  // models
  ["GPT.forward of an array", () => tinyGpt().forward(any([[1, 2]])), /^GPT\.forward: ids must be a Tensor, got an array of length 1/],
  ["GPT.forward of float ids", () => tinyGpt().forward(tensor([[1, 2]])), /^GPT\.forward: ids must be an int32 tensor \(B, T\), got float32 of shape \(1,2\)$/],
  ["BERT.forward of an array", () => new BERT(bertConfig({ vocabSize: 10, maxPositionEmbeddings: 8, hiddenSize: 4, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 8 }), new Rng(2)).forward(any([[1]])), /^BERT\.forward: inputIds must be a Tensor, got an array of length 1/],
];

describe("nn and models: bad inputs give a QkvError naming the function, the argument, the value and the rule", () => {
  for (const [what, run, message] of cases) {
    it(what, () => {
      let thrown: unknown = null;
      try {
        run();
      } catch (e) {
        thrown = e;
      }
      expect(thrown, "expected an error").toBeInstanceOf(QkvError);
      expect((thrown as Error).message).toMatch(message);
    });
  }
});

describe("nn: empty sequences are empty, not errors", () => {
  it("causalMask(0) is a (0, 0) mask and causal attention over no queries gives no rows", () => {
    expect(causalMask(0).shape).toEqual([0, 0]);
    const empty = zeros([1, 0, 4]);
    expect(scaledDotProductAttention(empty, empty, empty, { causal: true }).output.shape).toEqual([1, 0, 4]);
  });
});
