/** Layers and attention on small hand-computed cases; masks; errors. */
import { describe, expect, it } from "vitest";
import {
  Rng, tensor, Linear, Embedding, LayerNorm, FeedForward, Dropout, PositionalEncoding, LearnedPositionalEmbedding,
  sinusoidalPositionalEncoding, causalMask, paddingMask, scaledDotProductAttention, splitHeads, mergeHeads,
  MultiHeadAttention, TransformerEncoderLayer, TransformerDecoderLayer, zeros,
} from "qkv";

const close = (a: ArrayLike<number>, b: number[], tol = 1e-6) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol);
};

describe("Linear, Embedding, LayerNorm, FeedForward, Dropout", () => {
  it("Linear computes x Wᵀ + b with W (out, in)", () => {
    const lin = new Linear(2, 3, new Rng(0));
    lin.loadStateDict({ weight: tensor([[1, 2], [3, 4], [5, 6]]), bias: tensor([0.5, -1, 0]) });
    const y = lin.forward(tensor([[[1, -1]], [[2, 0.5]]])); // (2, 1, 2)
    expect(y.shape).toEqual([2, 1, 3]);
    close(y.data, [1 - 2 + 0.5, 3 - 4 - 1, 5 - 6, 2 + 1 + 0.5, 6 + 2 - 1, 10 + 3]);
    expect(() => lin.forward(tensor([[1, 2, 3]]))).toThrow(/Linear: input \(1,3\) x weight \(3,2\): last input dimension must be in_features=2/);
    expect(() => new Linear(0, 3, new Rng(0))).toThrow(/inFeatures must be a positive integer/);
  });

  it("Linear's default init is U(-1/√in, 1/√in)", () => {
    const lin = new Linear(16, 64, new Rng(0));
    const w = Array.from(lin.weight.data);
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(0.25);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.2);
  });

  it("Embedding looks rows up and rejects bad ids", () => {
    const e = new Embedding(3, 2, new Rng(0));
    e.loadStateDict({ weight: tensor([[0, 1], [2, 3], [4, 5]]) });
    const y = e.forward(tensor([[2, 0], [1, 1]], { dtype: "int32" }));
    expect(y.shape).toEqual([2, 2, 2]);
    close(y.data, [4, 5, 0, 1, 2, 3, 2, 3]);
    expect(() => e.forward(tensor([1, 2]))).toThrow(/ids must be an int32 tensor, got float32/);
    expect(() => e.forward(tensor([3], { dtype: "int32" }))).toThrow(/id 3 at flat index 0 is out of range \[0, 3\)/);
  });

  it("LayerNorm standardises the last dimension, then scales and shifts", () => {
    const ln = new LayerNorm(4);
    ln.loadStateDict({ weight: tensor([1, 2, 1, 1]), bias: tensor([0, 0, 1, 0]) });
    const y = ln.forward(tensor([[1, 2, 3, 4]]));
    const s = Math.sqrt(1.25 + 1e-5);
    close(y.data, [-1.5 / s, (2 * -0.5) / s, 0.5 / s + 1, 1.5 / s], 1e-5);
  });

  it("FeedForward is linear2(act(linear1(x)))", () => {
    const ff = new FeedForward(2, new Rng(0), { dimFeedforward: 2, activation: "relu" });
    ff.loadStateDict({
      "linear1.weight": tensor([[1, 0], [0, -1]]), "linear1.bias": tensor([0, 0]),
      "linear2.weight": tensor([[1, 1], [2, 0]]), "linear2.bias": tensor([0, 1]),
    });
    close(ff.forward(tensor([[3, 4]])).data, [3 + 0, 6 + 1]); // h = relu([3, -4]) = [3, 0]
    expect(() => new FeedForward(2, new Rng(0), { activation: "swish" as never })).toThrow(/unknown activation "swish"/);
  });

  it("Dropout keeps the expected share and scales by 1/(1-p); the same seed drops the same units", () => {
    const x = tensor(new Float32Array(1000).fill(1), { shape: [1000] });
    const a = new Dropout(0.25, new Rng(3)).forward(x);
    const b = new Dropout(0.25, new Rng(3)).forward(x);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const kept = Array.from(a.data).filter((v) => v !== 0);
    expect(kept.length).toBeGreaterThan(700);
    expect(kept.length).toBeLessThan(800);
    close(kept.slice(0, 3), [4 / 3, 4 / 3, 4 / 3]);
    expect(() => new Dropout(1, new Rng(0))).toThrow(/p must be in \[0, 1\), got 1/);
  });
});

describe("positions", () => {
  it("sinusoidal table: sin on even columns, cos on odd, frequencies 1/10000^(2i/C)", () => {
    const pe = sinusoidalPositionalEncoding(3, 4);
    expect(pe.shape).toEqual([3, 4]);
    close(pe.data, [0, 1, 0, 1, Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01), Math.sin(2), Math.cos(2), Math.sin(0.02), Math.cos(0.02)]);
  });

  it("PositionalEncoding adds the table (with an offset) and checks lengths", () => {
    const pos = new PositionalEncoding(4, 5);
    const y = pos.forward(zeros([1, 2, 4]), 1);
    close(y.data, Array.from(sinusoidalPositionalEncoding(3, 4).data).slice(4));
    expect(() => pos.forward(zeros([1, 6, 4]))).toThrow(/positions 0\.\.5 exceed maxLen=5/);
    expect(() => pos.forward(zeros([1, 2, 3]))).toThrow(/must end in \(T, 4\)/);
    expect(pos.numParameters()).toBe(0);
  });

  it("LearnedPositionalEmbedding returns rows offset..offset+T-1", () => {
    const p = new LearnedPositionalEmbedding(4, 2, new Rng(0));
    const rows = p.positions(2, 1);
    close(rows.data, Array.from(p.weight.data).slice(2, 6));
    expect(() => p.positions(4, 1)).toThrow(/positions 1\.\.4 exceed the table's 4 rows/);
  });
});

describe("masks (true = may be attended to)", () => {
  it("causalMask is the lower triangle, bottom-right aligned when S > T", () => {
    expect(causalMask(3).toArray()).toEqual([[true, false, false], [true, true, false], [true, true, true]]);
    expect(causalMask(2, 4).toArray()).toEqual([[true, true, true, false], [true, true, true, true]]);
    expect(() => causalMask(3, 2)).toThrow(/must be integers with 0 <= T <= S/);
  });

  it("paddingMask from lengths or from an attention_mask", () => {
    expect(paddingMask([3, 1]).toArray()).toEqual([[true, true, true], [true, false, false]]);
    expect(paddingMask([1], 2).toArray()).toEqual([[true, false]]);
    expect(paddingMask(tensor([[1, 1, 0]], { dtype: "int32" })).toArray()).toEqual([[true, true, false]]);
    expect(() => paddingMask([3], 2)).toThrow(/length 3 of sequence 0 must be an integer in \[0, S=2\]/);
    expect(() => paddingMask(tensor([[1, 2]]))).toThrow(/values must be 0 or 1, got 2/);
  });
});

describe("scaledDotProductAttention", () => {
  const q = tensor([[[1, 0], [0, 1]]]); // (1, 2, 2)
  const k = tensor([[[1, 0], [0, 1], [1, 1]]]); // (1, 3, 2)
  const v = tensor([[[1, 0], [0, 1], [2, 2]]]); // (1, 3, 2)

  it("softmax(q kᵀ / √d) v on a hand-computed case", () => {
    const { output, weights } = scaledDotProductAttention(q, k, v);
    const a = Math.exp(1 / Math.SQRT2);
    const w0 = [a, 1, a].map((x) => x / (2 * a + 1)); // query 0 scores: 1, 0, 1 (over √2)
    close(weights.data.slice(0, 3), w0);
    close(output.data.slice(0, 2), [w0[0] + 2 * w0[2], w0[1] + 2 * w0[2]]);
  });

  it("a mask sends scores to -Infinity: weights 0 there, rows still sum to 1", () => {
    const mask = tensor([[true, false, true], [false, true, false]]);
    const { weights, output } = scaledDotProductAttention(q, k, v, { mask });
    close(weights.data, [0.5, 0, 0.5, 0, 1, 0]);
    close(output.data.slice(2), [0, 1]);
  });

  it("a fully masked row gives zero weights and a zero output (not NaN), and a finite gradient", () => {
    const qg = tensor([[[1, 0], [0, 1]]], { requiresGrad: true });
    const mask = tensor([[true, true, false], [false, false, false]]);
    const { weights, output } = scaledDotProductAttention(qg, k, v, { mask });
    close(weights.data.slice(3), [0, 0, 0]);
    close(output.data.slice(2), [0, 0]);
    output.sum().backward();
    expect(Array.from(qg.grad!.data).every(Number.isFinite)).toBe(true);
  });

  it("causal, bottom-right aligned: the last T of S positions", () => {
    const { weights } = scaledDotProductAttention(q, k, v, { causal: true });
    expect(weights.data[2]).toBe(0); // query 0 is position 1 of 3: cannot see key 2
    expect(weights.data[5]).toBeGreaterThan(0);
  });

  it("clear errors: shapes, mask dtype, mask shape", () => {
    expect(() => scaledDotProductAttention(q, tensor([[[1, 0, 0]]]), v)).toThrow(/feature sizes 2 != 3/);
    expect(() => scaledDotProductAttention(q, k, tensor([[[1, 0]]]))).toThrow(/key counts 3 != 1/);
    expect(() => scaledDotProductAttention(q, k, v, { mask: tensor([[1, 0, 1]]) })).toThrow(/mask must be a bool tensor \(true = may be attended to\), got float32/);
    expect(() => scaledDotProductAttention(q, k, v, { mask: tensor([[true, false]]) })).toThrow(/mask of shape \(1,2\) does not broadcast to the scores \(1,2,3\)/);
  });

  it("splitHeads / mergeHeads are inverse reshapes", () => {
    const x = tensor(Float32Array.from({ length: 24 }, (_, i) => i), { shape: [1, 3, 8] });
    const h = splitHeads(x, 2);
    expect(h.shape).toEqual([1, 2, 3, 4]);
    close(h.data.slice(0, 4), [0, 1, 2, 3]);
    close(h.data.slice(12, 16), [4, 5, 6, 7]); // head 1 of token 0
    expect(Array.from(mergeHeads(h).data)).toEqual(Array.from(x.data));
    expect(() => splitHeads(x, 3)).toThrow(/divisible by numHeads=3/);
  });
});

describe("MultiHeadAttention and layers: checks", () => {
  const rng = new Rng(0);
  const x = tensor(Float32Array.from({ length: 2 * 3 * 8 }, (_, i) => Math.cos(i)), { shape: [2, 3, 8] });

  it("embedDim must be divisible by numHeads", () => {
    expect(() => new MultiHeadAttention(10, 4, rng)).toThrow(/embedDim=10 must be divisible by numHeads=4/);
    expect(() => new TransformerEncoderLayer(6, 4, rng)).toThrow(/embedDim=6 must be divisible by numHeads=4/);
  });

  it("wrong input and mask shapes are named", () => {
    const mha = new MultiHeadAttention(8, 2, rng);
    expect(() => mha.forward(tensor([[1, 2]]), x, x)).toThrow(/query \(1,2\) must be \(B, L, embedDim=8\)/);
    expect(() => mha.forward(x, x, x, { keyPaddingMask: paddingMask([3, 3, 3]) })).toThrow(/keyPaddingMask \(3,3\) must be \(B, S\) = \(2,3\)/);
    expect(() => mha.forward(x, x, x, { attnMask: causalMask(2) })).toThrow(/attnMask of shape \(2,2\) does not broadcast to the scores \(2,2,3,3\)/);
    expect(() => mha.forward(x, x, x, { keyPaddingMask: tensor([[1, 1, 0], [1, 1, 1]]) })).toThrow(/keyPaddingMask must be a bool tensor/);
  });

  it("per-head weights: (B, nh, T, S), rows sum to 1, padding columns are 0", () => {
    const mha = new MultiHeadAttention(8, 2, rng);
    const mem = tensor(Float32Array.from({ length: 2 * 5 * 8 }, (_, i) => Math.sin(i)), { shape: [2, 5, 8] });
    const { weights } = mha.forward(x, mem, mem, { keyPaddingMask: paddingMask([5, 2]) });
    expect(weights.shape).toEqual([2, 2, 3, 5]);
    const w = weights.toArray() as number[][][][];
    for (const row of w[1][1]) {
      expect(row.slice(2)).toEqual([0, 0, 0]);
      expect(Math.abs(row.reduce((a, b) => a + b) - 1)).toBeLessThan(1e-6);
    }
  });

  it("encoder layer: causal self-attention means later tokens do not change earlier outputs", () => {
    const layer = new TransformerEncoderLayer(8, 2, rng, { normFirst: true, activation: "gelu" });
    const y = x.clone();
    y.data.fill(0.3, 2 * 8, 3 * 8); // change token 2 of sequence 0
    const a = layer.forward(x, { causal: true });
    const b = layer.forward(y, { causal: true });
    close(b.data.slice(0, 16), Array.from(a.data.slice(0, 16)), 0);
    expect(Math.abs(a.data[20] - b.data[20])).toBeGreaterThan(1e-4);
  });

  it("decoder layer checks memory width", () => {
    const layer = new TransformerDecoderLayer(8, 2, rng);
    expect(() => layer.forward(x, tensor([[[1, 2]]]))).toThrow(/memory \(1,1,2\) must be \(B, L, dModel=8\)/);
  });
});
