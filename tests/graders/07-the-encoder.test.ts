// Grader for lesson 07 (the encoder): exercises 07.1 layerNorm, 07.2 feedForward, 07.3 encoderBlock.
// The library is the oracle: its layerNorm, its FeedForward module and its TransformerEncoderLayer
// (post-norm and pre-norm) with the same weights; hand-computed cases pin the basics.
import {
  FeedForward, Rng, TransformerEncoderLayer, layerNorm as libraryLayerNorm, ones, randn, tensor, zeros, type Tensor,
} from "qkv";
import {
  exercise, expectInputsUnchanged, expectShape, expectThrows, expectTrue, expectValues, formatList, target,
} from "./grader-kit.js";

type Encoder = typeof import("../../solutions/07-the-encoder.js");
const encoder = target<Encoder>("07-the-encoder");

/** A tensor's values as plain numbers. */
const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
const shapeText = (shape: number[]) => `[${shape.join(", ")}]`;

// ---- 07.1 layerNorm ------------------------------------------------------------------------

exercise("07.1", "normalises each token over the last axis, then scales and shifts", {
  points: 2,
  hint: "Mean and variance run over the LAST axis (x.mean(-1, true) keeps the axis for broadcasting), one token at a time, never across tokens. The variance divides by C, not C − 1. Then multiply by gamma and add beta.",
}, () => {
  expectValues(encoder.layerNorm(tensor([1, 2, 3, 4]), ones([4]), zeros([4])),
    [-1.3416355, -0.4472118, 0.4472118, 1.3416355], [4], "layerNorm([1, 2, 3, 4], γ = 1, β = 0)");
  const rng = new Rng(71);
  // T ≠ C everywhere, so normalising over the wrong axis cannot give the right shape of numbers by chance.
  for (const shape of [[3, 5], [2, 4, 6], [7]]) {
    const C = shape[shape.length - 1];
    const x = randn(shape, rng).mul(3).add(1);
    const gamma = randn([C], rng);
    const beta = randn([C], rng);
    const expected = libraryLayerNorm(x, [C], gamma, beta, 1e-5).data; // before the call, in case it changes x
    expectValues(encoder.layerNorm(x, gamma, beta), expected, shape,
      `layerNorm of a random ${shapeText(shape)} tensor with random γ = ${formatList(values(gamma))}, β = ${formatList(values(beta))}`, 1e-4);
  }
});

exercise("07.1", "adds eps to the variance under the square root", {
  points: 1,
  hint: "A token whose C values are all equal has variance 0; without ε you divide 0 by 0. ε goes INSIDE the square root, √(σ² + ε), and the eps argument must be used (not a constant of your own).",
}, () => {
  const gamma = tensor([2, 1, 1]);
  const beta = tensor([0.5, 0, -1]);
  expectValues(encoder.layerNorm(tensor([5, 5, 5]), gamma, beta), [0.5, 0, -1], [3], "layerNorm([5, 5, 5], γ = [2, 1, 1], β = [0.5, 0, -1])");
  // A tiny variance (1.25e-6) next to ε = 1e-5: ε dominates, so where it goes matters.
  const small = tensor([0, 0.001, 0.002, 0.003]);
  expectValues(encoder.layerNorm(small, ones([4]), zeros([4])), libraryLayerNorm(small, [4], ones([4]), zeros([4]), 1e-5).data, [4],
    "layerNorm([0, 0.001, 0.002, 0.003], γ = 1, β = 0) with ε = 1e-5");
  const x = tensor([[1, 3, -2, 0], [4, 4, 5, 4]]);
  expectValues(encoder.layerNorm(x, ones([4]), zeros([4]), 0.5), libraryLayerNorm(x, [4], ones([4]), zeros([4]), 0.5).data, [2, 4],
    "layerNorm([[1, 3, -2, 0], [4, 4, 5, 4]], γ = 1, β = 0, eps = 0.5)");
});

exercise("07.1", "stays accurate for tokens with a large mean", {
  points: 1,
  hint: "Compute the variance in two passes, the mean of (x − μ)², not as E[x²] − μ²: in float32, x² around 1e8 keeps only about 7 digits, and the difference of two such numbers loses the whole variance of a token whose values are 1e4 ± 1.",
}, () => {
  const rng = new Rng(78);
  for (const [shape, mean, spread] of [[[3, 8], 1e4, 4], [[2, 2, 16], 3e3, 2], [[4, 6], 1e3, 0.5]] as [number[], number, number][]) {
    const C = shape[shape.length - 1];
    const x = randn(shape, rng).mul(spread).add(mean);
    const gamma = randn([C], rng).add(1);
    const beta = randn([C], rng);
    // The library's layerNorm works in float64 inside, so it is an accurate oracle here.
    const expected = libraryLayerNorm(x, [C], gamma, beta, 1e-5).data;
    expectValues(encoder.layerNorm(x, gamma, beta), expected, shape,
      `layerNorm of a random ${shapeText(shape)} tensor with values around ${mean} ± ${spread}`, 2e-3);
  }
});

exercise("07.1", "rejects gamma or beta of the wrong shape, even when it would broadcast", {
  points: 1,
  hint: "Check that gamma and beta are 1-D with exactly C entries (C = the last dimension of x) and throw an Error naming the shapes. Do not rely on broadcasting to complain: a gamma of size 1 broadcasts silently.",
}, () => {
  const x = randn([2, 4], new Rng(79));
  for (const [g, b] of [[[3], [4]], [[4], [5]], [[1], [4]], [[4], [1]], [[1, 4], [4]], [[4], [2, 4]], [[2, 4], [2, 4]]]) {
    expectThrows(() => encoder.layerNorm(x, ones(g), zeros(b)), `layerNorm(x [2, 4], γ ${shapeText(g)}, β ${shapeText(b)})`);
  }
});

exercise("07.1", "leaves x, gamma and beta alone", {
  points: 1,
  hint: "Build the result in new tensors (x.sub(mean) etc.); subtracting the mean or dividing inside x.data changes the caller's tokens.",
}, () => {
  const x = tensor([[2, -1, 0.5], [3, 3, 9]]);
  const gamma = tensor([1, 2, 0.5]);
  const beta = tensor([0, -1, 1]);
  const expected = libraryLayerNorm(x, [3], gamma, beta, 1e-5).data;
  expectValues(expectInputsUnchanged("layerNorm(x, gamma, beta)", { x, gamma, beta }, () => encoder.layerNorm(x, gamma, beta)),
    expected, [2, 3], "layerNorm([[2, -1, 0.5], [3, 3, 9]], γ = [1, 2, 0.5], β = [0, -1, 1])", 1e-4);
});

// ---- 07.2 feedForward ----------------------------------------------------------------------

/** A library FeedForward with random weights; its forward() is the oracle, its weights are the exercise's inputs. */
function randomFeedForward(C: number, H: number, activation: "relu" | "gelu", rng: Rng) {
  const ffn = new FeedForward(C, rng, { dimFeedforward: H, activation });
  // Biases start small in Linear's init; make them matter.
  ffn.linear1.bias!.data.set(randn([H], rng).data);
  ffn.linear2.bias!.data.set(randn([C], rng).data);
  const W = [ffn.linear1.weight, ffn.linear1.bias!, ffn.linear2.weight, ffn.linear2.bias!] as const;
  return { ffn, W };
}

exercise("07.2", "computes relu(x W1ᵀ + b1) W2ᵀ + b2 for every token", {
  points: 2,
  hint: "Weights are (out, in) as in nn.Linear, so multiply by the TRANSPOSE: x.matmul(W1.transpose(0, 1)).add(b1). The activation sits between the two layers only; the second layer's output is returned as it is.",
}, () => {
  expectValues(
    encoder.feedForward(tensor([[1, -1]]), tensor([[1, 0], [0, 1], [1, 1]]), tensor([0, 0, 1]), tensor([[1, 1, 1], [2, 0, -1]]), tensor([0, 0.5])),
    [2, 1.5], [1, 2], "feedForward([[1, -1]], W1 = [[1, 0], [0, 1], [1, 1]], b1 = [0, 0, 1], W2 = [[1, 1, 1], [2, 0, -1]], b2 = [0, 0.5])");
  const rng = new Rng(72);
  for (const shape of [[5, 4], [2, 3, 4]]) {
    const { ffn, W } = randomFeedForward(4, 16, "relu", rng);
    const x = randn(shape, rng);
    const expected = ffn.forward(x).data;
    expectValues(encoder.feedForward(x, ...W), expected, shape,
      `feedForward of a random ${shapeText(shape)} tensor with C = 4, H = 16, relu`, 1e-4);
  }
});

exercise("07.2", "uses the exact GELU when asked", {
  points: 1,
  hint: "GELU(z) = z · Φ(z), Φ the normal CDF: the library's z.gelu() (approximate \"none\"), not the tanh approximation GPT-2 uses.",
}, () => {
  // Identity weights: the output is exactly GELU of the input, so the two GELU forms can be told apart.
  const eye3 = tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  const x = tensor([[-3, -1.5, 2.5]]);
  expectValues(encoder.feedForward(x, eye3, zeros([3]), eye3, zeros([3]), "gelu"), x.gelu("none").data, [1, 3],
    "feedForward([[-3, -1.5, 2.5]], identity weights, zero biases, \"gelu\")", 1e-6);
  const rng = new Rng(73);
  const { ffn, W } = randomFeedForward(6, 24, "gelu", rng);
  const y = randn([2, 5, 6], rng).mul(2);
  expectValues(encoder.feedForward(y, ...W, "gelu"), ffn.forward(y).data, [2, 5, 6],
    "feedForward of a random [2, 5, 6] tensor with C = 6, H = 24, gelu", 1e-4);
});

exercise("07.2", "treats each position on its own and leaves x alone", {
  points: 1,
  hint: "The same two layers are applied to every token separately: changing one token must change only that token's output. Return a new tensor; never write into x.data or the weights' data.",
}, () => {
  const rng = new Rng(74);
  const { W } = randomFeedForward(4, 8, "relu", rng);
  const x = randn([1, 3, 4], rng);
  const before = values(x);
  const [W1, b1, W2, b2] = W;
  const out = expectInputsUnchanged("feedForward(x, W1, b1, W2, b2)", { x, W1, b1, W2, b2 }, () => encoder.feedForward(x, ...W));
  expectShape(out, [1, 3, 4], "feedForward of a [1, 3, 4] tensor");
  const changed = tensor(before, { shape: [1, 3, 4] });
  changed.data[8] += 5; // token 2 only
  const out2 = encoder.feedForward(changed, ...W);
  const firstTwo = (t: Tensor) => values(t).slice(0, 8);
  expectValues(tensor(firstTwo(out2)), firstTwo(out), [8], "tokens 0 and 1 after changing token 2 of the input");
});

// ---- 07.3 encoderBlock ---------------------------------------------------------------------

/**
 * A library TransformerEncoderLayer (dropout 0) with random layer-norm weights, so that norm1 and norm2
 * differ, and the same four parts as functions for encoderBlock.
 */
function randomEncoderLayer(normFirst: boolean, seed: number) {
  const rng = new Rng(seed);
  const C = 8;
  const layer = new TransformerEncoderLayer(C, 2, rng, { dimFeedforward: 16, normFirst });
  for (const norm of [layer.norm1, layer.norm2]) {
    norm.weight!.data.set(randn([C], rng).mul(0.5).add(1).data);
    norm.bias!.data.set(randn([C], rng).mul(0.5).data);
  }
  const sublayers = {
    selfAttention: (x: Tensor) => layer.self_attn.forward(x, x, x).output,
    feedForward: (x: Tensor) => layer.linear2.forward(layer.linear1.forward(x).relu()),
    norm1: (x: Tensor) => layer.norm1.forward(x),
    norm2: (x: Tensor) => layer.norm2.forward(x),
  };
  return { layer, sublayers, x: randn([2, 5, C], rng) };
}

/** Sublayers simple enough to follow by hand: post-norm gives 3x − 2, pre-norm 4x − 2. */
const handSublayers = {
  selfAttention: (x: Tensor) => x.mul(2),
  feedForward: (x: Tensor) => x.add(1),
  norm1: (x: Tensor) => x.mul(0.5),
  norm2: (x: Tensor) => x.sub(3),
};

exercise("07.3", "post-norm: norm1(x + attention(x)), then norm2(h + ffn(h))", {
  points: 2,
  hint: "Post-norm adds the sublayer's output to its INPUT (the residual) and normalises the sum; norm1 goes with attention, norm2 with the feed-forward network. Without normFirst (or with false) this is the default.",
}, () => {
  const { layer, sublayers, x } = randomEncoderLayer(false, 75);
  expectValues(encoder.encoderBlock(x, sublayers), layer.forward(x).data, [2, 5, 8],
    "encoderBlock(x, sublayers) on a random [2, 5, 8] tensor, compared with TransformerEncoderLayer (post-norm)", 1e-4);
  expectValues(encoder.encoderBlock(x, sublayers, { normFirst: false }), layer.forward(x).data, [2, 5, 8],
    "encoderBlock(x, sublayers, { normFirst: false })", 1e-4);
  const xHand = tensor([[[1, 2, -1]]]);
  expectValues(encoder.encoderBlock(xHand, handSublayers), [1, 4, -5], [1, 1, 3],
    "encoderBlock([[[1, 2, -1]]]) with attention = 2x, ffn = x + 1, norm1 = x / 2, norm2 = x − 3 (post-norm: 3x − 2)");
});

exercise("07.3", "pre-norm: x + attention(norm1(x)), then h + ffn(norm2(h))", {
  points: 2,
  hint: "Pre-norm normalises only what goes INTO the sublayer; the residual adds the un-normalised x (and then h), and nothing normalises the sum.",
}, () => {
  const { layer, sublayers, x } = randomEncoderLayer(true, 76);
  expectValues(encoder.encoderBlock(x, sublayers, { normFirst: true }), layer.forward(x).data, [2, 5, 8],
    "encoderBlock(x, sublayers, { normFirst: true }) on a random [2, 5, 8] tensor, compared with TransformerEncoderLayer (pre-norm)", 1e-4);
  expectValues(encoder.encoderBlock(tensor([[[1, 2, -1]]]), handSublayers, { normFirst: true }), [2, 6, -6], [1, 1, 3],
    "encoderBlock([[[1, 2, -1]]], { normFirst: true }) with attention = 2x, ffn = x + 1, norm1 = x / 2, norm2 = x − 3 (pre-norm: 4x − 2)");
});

exercise("07.3", "leaves x alone", {
  points: 1,
  hint: "Build new tensors with x.add(…); never write into x.data (for instance to add the residual in place).",
}, () => {
  const { layer, sublayers, x } = randomEncoderLayer(false, 77);
  const expected = layer.forward(x).data;
  const out = expectInputsUnchanged("encoderBlock(x, sublayers)", { x, sublayers }, () => encoder.encoderBlock(x, sublayers));
  expectValues(out, expected, [2, 5, 8], "encoderBlock(x, sublayers) on a random [2, 5, 8] tensor", 1e-4);
});

exercise("07.3", "calls each sublayer exactly once", {
  points: 1,
  hint: "Call selfAttention, feedForward, norm1 and norm2 once each and keep the results in variables: a second call (to check a shape, or in the residual) doubles the work of a real layer, and with dropout it would even give a different answer.",
}, () => {
  for (const normFirst of [false, true]) {
    const calls = { selfAttention: 0, feedForward: 0, norm1: 0, norm2: 0 };
    const counted = Object.fromEntries(Object.entries(handSublayers).map(([name, f]) => [name, (t: Tensor) => {
      calls[name as keyof typeof calls]++;
      return f(t);
    }])) as typeof handSublayers;
    const out = encoder.encoderBlock(tensor([[[1, 2, -1]]]), counted, { normFirst });
    expectValues(out, normFirst ? [2, 6, -6] : [1, 4, -5], [1, 1, 3], `encoderBlock([[[1, 2, -1]]], hand sublayers, { normFirst: ${normFirst} })`);
    const wrong = Object.entries(calls).filter(([, n]) => n !== 1);
    expectTrue(wrong.length === 0,
      `encoderBlock(…, { normFirst: ${normFirst} }) called ${wrong.map(([name, n]) => `${name} ${n} time${n === 1 ? "" : "s"}`).join(", ")}; each should be called exactly once`);
  }
});
// ---- 07.4 review: exam-style questions on the lesson (tests/graders/review-kit.ts) ---------------

import { reviewQuestions } from "./review-kit.js";
import { FeedForward as ReviewFeedForward, Rng as ReviewRng } from "qkv";

reviewQuestions("07.4", encoder, [
  { key: "q1", topic: "post-norm", answer: "d",
    hint: "Reread “Putting a layer together: post-norm and pre-norm”." },
  { key: "q2", topic: "parameters of the feed-forward network", answer: () => new ReviewFeedForward(32, new ReviewRng(0), { dimFeedforward: 64 }).numParameters(),
    hint: "Two linear layers, C → d_ff and d_ff → C, each with a bias." },
  { key: "q3", topic: "what layer norm normalises", answer: "b",
    hint: "Look at the heatmaps before and after layer norm." },
  { key: "q4", topic: "why residual connections", answer: "a",
    hint: "Look at the mean cosine between tokens through the stack, with and without residuals." },
  { key: "q5", topic: "contextual representations", answer: "c",
    hint: "Look at the two vectors of “bank” in two sentences." },
]);
