/**
 * Issue 15, the module side: float64 modules (to("float64"), no silent rounding on load), a full-model
 * gradient check in float64, configs and options that reject unknown keys, constructors without an Rng,
 * averageAttnWeights, labels losses and hidden states, and a KV cache that does not keep graphs alive.
 */
import { describe, expect, it } from "vitest";
import {
  BERT, FeedForward, GPT, LayerNorm, Linear, MultiHeadAttention, PositionalEncoding, Rng, Tensor, Transformer,
  TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer, loadModel, noGrad, tensor,
} from "qkv";
import { decode, loadFixture } from "../nn/fixture-helpers.js";

const int32 = (rows: number[][]) => tensor(rows, { dtype: "int32" });

/**
 * Central differences of a scalar loss against autograd, for the parameter entries `pick` chooses;
 * returns the largest error relative to max(1, |numeric|).
 */
function modelGradcheck(params: [string, Tensor][], loss: () => Tensor, pick: (name: string, i: number) => boolean, h = 1e-6): { maxError: number; checked: number; worst: string } {
  for (const [, p] of params) p.zeroGrad();
  loss().backward();
  let maxError = 0;
  let checked = 0;
  let worst = "";
  for (const [name, p] of params) {
    for (let i = 0; i < p.size; i++) {
      if (!pick(name, i)) continue;
      const saved = p.data[i];
      p.data[i] = saved + h;
      const up = noGrad(() => loss().item());
      p.data[i] = saved - h;
      const down = noGrad(() => loss().item());
      p.data[i] = saved;
      const numeric = (up - down) / (2 * h);
      const analytic = p.grad ? p.grad.data[i] : 0;
      const err = Math.abs(numeric - analytic) / Math.max(1, Math.abs(numeric));
      checked++;
      if (err > maxError) [maxError, worst] = [err, `${name}[${i}]: numeric ${numeric}, autograd ${analytic}`];
    }
  }
  return { maxError, checked, worst };
}

describe("float64 modules", () => {
  it("to('float64') converts every parameter in place: tied weights stay tied, outputs become float64", () => {
    const gpt = new GPT({ vocabSize: 9, nPositions: 8, nEmbd: 8, nHead: 2 }, new Rng(1));
    const wte = gpt.wte.weight;
    const before = Array.from(gpt.forward(int32([[1, 2, 3]])).data);
    expect(gpt.to("float64")).toBe(gpt);
    expect(gpt.dtype).toBe("float64");
    expect(gpt.wte.weight).toBe(wte); // same object, so the tied LM head reads the same table
    expect(gpt.parameters().every((p) => p.dtype === "float64" && p.data instanceof Float64Array)).toBe(true);
    const after = gpt.forward(int32([[1, 2, 3]]));
    expect(after.dtype).toBe("float64");
    after.data.forEach((v, i) => expect(Math.abs(v - before[i])).toBeLessThan(1e-5));
    gpt.to("float32");
    expect(gpt.forward(int32([[1, 2, 3]])).dtype).toBe("float32");
    expect(() => gpt.to("int32" as never)).toThrow(/GPT\.to: dtype must be "float32" or "float64", got "int32"/);
  });

  it("the sinusoid table of the encoder-decoder is recomputed in float64, not widened from float32", () => {
    const t = new Transformer({ srcVocabSize: 5, tgtVocabSize: 5, dModel: 8, nhead: 2, maxLen: 6 }).to("float64");
    const table = t.positional.table;
    expect(table.dtype).toBe("float64");
    expect(table.data[1 * 8 + 0]).toBe(Math.sin(1)); // exact in float64; Math.fround(sin 1) would differ
  });

  it("loadStateDict never rounds float64 silently: an error names the key, unless allowRounding", () => {
    const lin = new Linear(2, 1, new Rng(0));
    const sd = { weight: tensor([[0.1, 0.2]], { dtype: "float64" }), bias: tensor([0.5], { dtype: "float64" }) };
    expect(() => lin.loadStateDict(sd)).toThrow(/weight: element 0 = 0\.1 is float64 and would round to 0\.10000000149011612[\s\S]*model\.to\("float64"\)/);
    expect(lin.weight.data[0]).not.toBeCloseTo(0.1, 10); // nothing was loaded
    lin.loadStateDict(sd, { allowRounding: true });
    expect(lin.weight.data[0]).toBe(Math.fround(0.1));
    lin.to("float64").loadStateDict(sd);
    expect(lin.weight.data[0]).toBe(0.1);
    // float64 values that float32 holds exactly load into float32 without a word
    new Linear(2, 1).loadStateDict({ weight: tensor([[0.5, 0.25]], { dtype: "float64" }), bias: tensor([1], { dtype: "float64" }) });
  });
});

describe("full-model gradient checks in float64 (central differences, h = 1e-6)", () => {
  it("GPT: every parameter entry of a 2-layer model, through the labels loss (tied head, -100 ignored)", () => {
    const gpt = new GPT({ vocabSize: 7, nPositions: 6, nEmbd: 4, nLayer: 2, nHead: 2, scaleAttnByInverseLayerIdx: true }, new Rng(3)).to("float64");
    const ids = int32([[1, 5, 2, 6, 0], [3, 3, 4, 1, 2]]);
    const labels = int32([[1, 5, 2, 6, 0], [3, 3, -100, 1, -100]]);
    const r = modelGradcheck(gpt.namedParameters(), () => gpt.forward(ids, { labels }).loss!, () => true);
    expect(r.checked).toBe(gpt.numParameters());
    expect(r.maxError, r.worst).toBeLessThan(1e-6);
  });

  it("BERT (MLM and classifier losses, every 3rd entry) and the encoder-decoder Transformer (every 5th entry of every parameter)", () => {
    const bert = new BERT({ vocabSize: 9, hiddenSize: 4, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 8, maxPositionEmbeddings: 6, numLabels: 3 }, new Rng(4)).to("float64");
    const ids = int32([[1, 5, 2, 6], [3, 8, 4, 1]]);
    const mask = int32([[1, 1, 1, 1], [1, 1, 1, 0]]);
    const mlm = int32([[-100, 5, -100, 6], [3, -100, -100, -100]]);
    const loss = () => bert.forward(ids, { attentionMask: mask, labels: mlm }).loss!.add(bert.classify(ids, { attentionMask: mask, labels: tensor([2, 0], { dtype: "int32" }) }).loss!);
    const rb = modelGradcheck(bert.namedParameters(), loss, (_, i) => i % 3 === 0);
    expect(rb.checked).toBeGreaterThan(100);
    expect(rb.maxError, rb.worst).toBeLessThan(1e-6);

    const t = new Transformer({ srcVocabSize: 6, tgtVocabSize: 7, dModel: 4, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8, maxLen: 6 }, new Rng(5)).to("float64");
    const src = int32([[1, 2, 3, 4]]);
    const tgt = int32([[0, 5, 6]]);
    const target = tensor(Float64Array.from({ length: 21 }, (_, i) => Math.sin(i)), { shape: [1, 3, 7] });
    const rt = modelGradcheck(t.namedParameters(), () => t.forward(src, tgt).mul(target).sum(), (_, i) => i % 5 === 0);
    expect(rt.checked).toBeGreaterThan(100);
    expect(rt.maxError, rt.worst).toBeLessThan(1e-6);
  });
});

describe("configs and options: an unknown key is an error naming it and the key it probably meant", () => {
  const rng = new Rng(0);
  const cases: [string, () => unknown, RegExp][] = [
    ["GPT blockSize (nanoGPT)", () => new GPT({ vocabSize: 10, blockSize: 16 } as never, rng), /GPTConfig: unknown key "blockSize" \(did you mean "nPositions"\?\)/],
    ["GPT n_embd (Hugging Face)", () => new GPT({ vocabSize: 10, n_embd: 16 } as never, rng), /GPTConfig: unknown key "n_embd" \(did you mean "nEmbd"\?\)/],
    ["GPT nLayers (typo)", () => new GPT({ vocabSize: 10, nLayers: 3 } as never, rng), /unknown key "nLayers" \(did you mean "nLayer"\?\)/],
    ["BERT numLayers", () => new BERT({ vocabSize: 10, numLayers: 3 } as never, rng), /BERTConfig: unknown key "numLayers" \(did you mean "numHiddenLayers"\?\)/],
    ["BERT hidden_size", () => new BERT({ vocabSize: 10, hidden_size: 16 } as never, rng), /BERTConfig: unknown key "hidden_size" \(did you mean "hiddenSize"\?\)/],
    ["Transformer numLayers", () => new Transformer({ srcVocabSize: 5, tgtVocabSize: 5, numHeads: 2 } as never, rng), /TransformerConfig: unknown key "numHeads" \(did you mean "nhead"\?\)/],
    ["Linear useBias", () => new Linear(2, 2, rng, { useBias: false } as never), /Linear: unknown key "useBias" \(did you mean "bias"\?\)/],
    ["LayerNorm epsilon", () => new LayerNorm(4, { epsilon: 1e-6 } as never), /LayerNorm: unknown key "epsilon" \(did you mean "eps"\?\)/],
    ["MultiHeadAttention dropoutRate", () => new MultiHeadAttention(4, 2, rng, { dropoutRate: 0.1 } as never), /MultiHeadAttention: unknown key "dropoutRate" \(did you mean "dropout"\?\)/],
    ["encoder layer dimFeedForward", () => new TransformerEncoderLayer(4, 2, rng, { dimFeedForward: 8 } as never), /TransformerEncoderLayer: unknown key "dimFeedForward" \(did you mean "dimFeedforward"\?\)/],
    ["decoder layer norm_first", () => new TransformerDecoderLayer(4, 2, rng, { norm_first: true } as never), /TransformerDecoderLayer: unknown key "norm_first" \(did you mean "normFirst"\?\)/],
    ["encoder stack finalNorm", () => new TransformerEncoder([new TransformerEncoderLayer(4, 2, rng)], { finalNorm: null } as never), /TransformerEncoder: unknown key "finalNorm" \(did you mean "norm"\?\)/],
    ["FeedForward hidden", () => new FeedForward(4, rng, { dim_feedforward: 8 } as never), /FeedForward: unknown key "dim_feedforward" \(did you mean "dimFeedforward"\?\)/],
    ["PositionalEncoding p", () => new PositionalEncoding(4, 8, { p: 0.1 } as never), /PositionalEncoding: unknown key "p"/],
  ];
  for (const [what, make, message] of cases) it(what, () => expect(make).toThrow(message));

  it("options of forward, loadStateDict and loadModel too", () => {
    const gpt = new GPT({ vocabSize: 10, nEmbd: 8, nHead: 2 }, rng);
    expect(() => gpt.forward(int32([[1]]), { output_hidden_states: true } as never)).toThrow(/GPT\.forward: unknown key "output_hidden_states" \(did you mean "outputHiddenStates"\?\)/);
    expect(() => gpt.loadStateDict(gpt.stateDict(), { strcit: false } as never)).toThrow(/unknown key "strcit" \(did you mean "strict"\?\)/);
    const bert = new BERT({ vocabSize: 10, hiddenSize: 8, numAttentionHeads: 2 }, rng);
    expect(() => bert.forward(int32([[1]]), { attention_mask: int32([[1]]) } as never)).toThrow(/BERT\.forward: unknown key "attention_mask" \(did you mean "attentionMask"\?\)/);
    const mha = new MultiHeadAttention(4, 2, rng);
    const x = tensor([[[1, 2, 3, 4]]]);
    expect(() => mha.forward(x, x, x, { averageWeights: true } as never)).toThrow(/MultiHeadAttention\.forward: unknown key "averageWeights" \(did you mean "averageAttnWeights"\?\)/);
    const t = new Transformer({ srcVocabSize: 5, tgtVocabSize: 5, dModel: 8, nhead: 2 }, rng);
    expect(() => t.forward(int32([[1]]), int32([[1]]), { srcMask: null } as never)).toThrow(/Transformer\.encode: unknown key "srcMask"/);
    expect(() => loadModel("/nonexistent", { seed: 1 } as never)).toThrow(/loadModel: unknown option "seed"/);
  });
});

describe("constructors without an Rng (a model about to be loaded)", () => {
  it("build with zero weights and load a state dict; dropout in train() then asks for an Rng", () => {
    const source = new GPT({ vocabSize: 9, nEmbd: 8, nHead: 2, dropout: 0.1 }, new Rng(2)).eval();
    const target = new GPT({ vocabSize: 9, nEmbd: 8, nHead: 2, dropout: 0.1 });
    expect(target.parameters().filter((p) => !p.data.every((v) => v === 0 || v === 1))).toEqual([]); // zeros (and LayerNorm ones): nothing drawn
    target.loadStateDict(source.stateDict());
    target.eval();
    const ids = int32([[1, 2, 3]]);
    expect(Array.from(target.forward(ids).data)).toEqual(Array.from(source.forward(ids).data));
    target.train();
    expect(() => target.forward(ids)).toThrow(/Dropout: p=0\.1 in train\(\) mode needs a seeded Rng, but this layer was built without one/);
    for (const make of [() => new BERT({ vocabSize: 9, hiddenSize: 8, numAttentionHeads: 2, numLabels: 2 }), () => new Transformer({ srcVocabSize: 4, tgtVocabSize: 4, dModel: 8, nhead: 2, dropout: 0.1 })]) {
      expect(make).not.toThrow();
    }
  });
});

describe("MultiHeadAttention averageAttnWeights (PyTorch's average_attn_weights)", () => {
  it("averages the per-head weights of torch.nn.MultiheadAttention's fixture; the output is unchanged", () => {
    const fx = loadFixture("mha.json");
    const mha = new MultiHeadAttention(fx.config.embed_dim, fx.config.num_heads);
    mha.loadStateDict(Object.fromEntries(Object.entries(fx.state_dict).map(([k, v]) => [k, decode(v as never)])));
    const x = decode(fx.x);
    const perHead = mha.forward(x, x, x);
    const averaged = mha.forward(x, x, x, { averageAttnWeights: true });
    expect(perHead.weights.shape).toEqual([2, 2, 4, 4]);
    expect(averaged.weights.shape).toEqual([2, 4, 4]);
    const ref = decode(fx.cases[0].weights); // (B, nh, T, S) from PyTorch
    const [B, H, T, S] = ref.shape;
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let s = 0; s < S; s++) {
      let m = 0;
      for (let h = 0; h < H; h++) m += ref.data[((b * H + h) * T + t) * S + s] / H;
      expect(Math.abs(averaged.weights.data[(b * T + t) * S + s] - m)).toBeLessThan(1e-6);
    }
    expect(Array.from(averaged.output.data)).toEqual(Array.from(perHead.output.data));
  });
});

describe("GPT and BERT outputs as Hugging Face returns them", () => {
  const gpt = new GPT({ vocabSize: 9, nPositions: 8, nEmbd: 8, nLayer: 3, nHead: 2 }, new Rng(6));
  const ids = int32([[1, 2, 3, 4], [5, 6, 7, 8]]);

  it("hidden states: nLayer + 1 of them, the last after ln_f; logits are the same with or without them", () => {
    const out = gpt.forward(ids, { outputHiddenStates: true });
    expect(out.hiddenStates!.length).toBe(4);
    expect(out.loss).toBeNull();
    expect(Array.from(out.logits.data)).toEqual(Array.from(gpt.forward(ids).data));
    // [0] token + position embeddings, [i] the output of block i-1, the last one after ln_f
    const hs = out.hiddenStates!;
    const emb = gpt.wte.forward(ids).add(gpt.wpe.forward(int32([[0, 1, 2, 3]]).reshape(4)));
    expect(Array.from(hs[0].data)).toEqual(Array.from(emb.data));
    let x = emb;
    [...gpt.h].forEach((block, i) => {
      x = block.forward(x);
      if (i < 2) expect(Array.from(hs[i + 1].data)).toEqual(Array.from(x.data));
    });
    expect(Array.from(hs[3].data)).toEqual(Array.from(gpt.ln_f.forward(x).data));
  });

  it("labels: the loss is the shifted next-token cross-entropy; -100 is skipped; all -100 gives NaN; bad labels are errors", () => {
    const logits = gpt.forward(ids);
    const lp = logits.logSoftmax(-1);
    // by hand: rows (b, t) predict ids[b, t+1]
    let sum = 0;
    for (let b = 0; b < 2; b++) for (let t = 0; t < 3; t++) sum -= lp.data[(b * 4 + t) * 9 + ids.data[b * 4 + t + 1]];
    expect(gpt.forward(ids, { labels: ids }).loss!.item()).toBeCloseTo(sum / 6, 5);
    const partial = int32([[1, 2, -100, 4], [5, -100, -100, -100]]);
    const kept = -(lp.data[(0 * 4 + 0) * 9 + 2] + lp.data[(0 * 4 + 2) * 9 + 4]) / 2;
    expect(gpt.forward(ids, { labels: partial }).loss!.item()).toBeCloseTo(kept, 5);
    expect(gpt.forward(ids, { labels: int32([[-100, -100, -100, -100], [-100, -100, -100, -100]]) }).loss!.item()).toBeNaN();
    expect(() => gpt.forward(ids, { labels: int32([[1, 2, 3]]) })).toThrow(/GPT\.forward: labels must be an int32 tensor of shape \(2,4\)/);
    expect(() => gpt.forward(ids, { labels: int32([[1, 2, 3, 9], [0, 0, 0, 0]]) })).toThrow(/labels\[3\] = 9 must be in \[0, 9\) or -100/);
  });
});

describe("KV cache memory", () => {
  it("in eval() the cache stores detached keys and values (no graph kept alive, even outside noGrad); in train() they stay attached", () => {
    const gpt = new GPT({ vocabSize: 9, nPositions: 8, nEmbd: 8, nHead: 2 }, new Rng(7)).eval();
    const cache = gpt.newCache();
    gpt.forward(int32([[1, 2, 3]]), { cache });
    gpt.forward(int32([[4]]), { cache });
    for (const layer of cache.layers) {
      expect(layer.k!._parents).toEqual([]);
      expect(layer.k!.requiresGrad).toBe(false);
      expect(layer.v!._parents).toEqual([]);
    }
    gpt.train();
    const training = gpt.newCache();
    gpt.forward(int32([[1, 2, 3]]), { cache: training });
    expect(training.layers[0].k!._parents.length).toBeGreaterThan(0);
    training.clear();
    expect(training.length).toBe(0);
  });
});
