/** GPT: Hugging Face GPT-2 interop (fixture), KV cache, causality, parameter counts, errors. */
import { afterAll, describe, expect, it } from "vitest";
import { GPT, Rng, Tensor, tensor, noGrad, concat, gptConfig } from "qkv";
import { loadFixture, decode, decodeStateDict, maxAbsDiff, nextTokenLoss, record, errors } from "../nn/fixture-helpers.js";

const TOL = 1e-5;
afterAll(() => console.log("gpt2 fixture max abs errors:", JSON.stringify(errors)));

const ids = (rows: number[][]) => tensor(rows, { dtype: "int32" });

describe("GPT vs a GPT-2 written in PyTorch (GPT2LMHeadModel names and Conv1D layout)", () => {
  const fx = loadFixture("gpt2.json");
  const c = fx.config;
  const make = () => new GPT({ vocabSize: c.vocab_size, nPositions: c.n_positions, nEmbd: c.n_embd, nLayer: c.n_layer, nHead: c.n_head, layerNormEps: c.layer_norm_epsilon }, new Rng(0));

  it("loads the state dict unchanged (transformer. prefix, lm_head.weight, attn.bias buffers) under strict", () => {
    const gpt = make();
    const { missing, unexpected } = gpt.loadStateDict(decodeStateDict(fx.state_dict));
    expect(missing).toEqual([]);
    expect(unexpected).toEqual([]);
  });

  it("logits and loss match", () => {
    const gpt = make();
    gpt.loadStateDict(decodeStateDict(fx.state_dict));
    const x = decode(fx.input_ids);
    const logits = gpt.forward(x);
    expect(logits.shape).toEqual(fx.logits.shape);
    expect(record("gpt2.logits", maxAbsDiff(logits, fx.logits))).toBeLessThanOrEqual(TOL);
    const loss = nextTokenLoss(logits, x).item();
    expect(record("gpt2.loss", Math.abs(loss - fx.loss))).toBeLessThanOrEqual(TOL);
  });

  it("gradients of the loss match PyTorch's for several parameters (Conv1D grads transposed back)", () => {
    const gpt = make();
    gpt.loadStateDict(decodeStateDict(fx.state_dict));
    const x = decode(fx.input_ids);
    nextTokenLoss(gpt.forward(x), x).backward();
    const params = Object.fromEntries(gpt.namedParameters());
    for (const [hfName, g] of Object.entries(fx.grads) as [string, { shape: number[] }][]) {
      const name = hfName.replace(/^transformer\./, "");
      const p = params[name];
      expect(p, name).toBeDefined();
      const conv1d = /(c_attn|c_proj|c_fc)\.weight$/.test(name);
      const grad = conv1d ? p.grad!.transpose(0, 1) : p.grad!;
      // (tied: wte's gradient sums the embedding lookup and the LM head, as in PyTorch)
      expect(record(`gpt2.grad.${name}`, maxAbsDiff(grad, g as never))).toBeLessThanOrEqual(TOL);
    }
  });

  it("stateDict() is GPT-2's layout: it round-trips into a fresh model and keeps Conv1D (in, out) shapes", () => {
    const a = make();
    a.loadStateDict(decodeStateDict(fx.state_dict));
    const sd = a.stateDict();
    expect(sd["h.0.attn.c_attn.weight"].shape).toEqual([c.n_embd, 3 * c.n_embd]);
    expect(sd["h.0.mlp.c_proj.weight"].shape).toEqual([4 * c.n_embd, c.n_embd]);
    expect(Object.keys(sd)).not.toContain("lm_head.weight");
    const b = new GPT(a.config, new Rng(99));
    b.loadStateDict(sd);
    const x = decode(fx.input_ids);
    expect(maxAbsDiff(b.forward(x), a.forward(x))).toBe(0);
  });
});

describe("GPT state dict errors and attention weights", () => {
  it("a weight in Linear (out, in) layout where GPT-2 expects Conv1D (in, out) is reported with both shapes", () => {
    const gpt = new GPT({ vocabSize: 10, nPositions: 8, nEmbd: 8, nHead: 2, nLayer: 1 }, new Rng(0));
    const sd = gpt.stateDict();
    sd["h.0.attn.c_attn.weight"] = sd["h.0.attn.c_attn.weight"].transpose(0, 1);
    expect(() => gpt.loadStateDict(sd)).toThrow(/mis-shaped keys \(1\): h\.0\.attn\.c_attn\.weight: got \(24,8\), expected \(8,24\)/);
  });

  it("lastWeights keeps each head's causal attention (B, nh, T, T): zero above the diagonal, rows sum to 1", () => {
    const gpt = new GPT({ vocabSize: 10, nPositions: 8, nEmbd: 8, nHead: 2, nLayer: 1 }, new Rng(0));
    gpt.forward(ids([[1, 2, 3], [4, 5, 6]]));
    const w = gpt.h.get(0).attn.lastWeights!;
    expect(w.shape).toEqual([2, 2, 3, 3]);
    const rows = w.toArray() as number[][][][];
    for (const head of rows.flat()) {
      head.forEach((row, i) => {
        expect(row.slice(i + 1).every((v) => v === 0)).toBe(true);
        expect(Math.abs(row.reduce((a, b) => a + b) - 1)).toBeLessThan(1e-6);
      });
    }
  });
});

describe("GPT KV cache", () => {
  const config = { vocabSize: 11, nPositions: 12, nEmbd: 16, nLayer: 2, nHead: 4 };
  const seq = [[3, 1, 4, 1, 5, 9, 2, 6, 5, 3], [2, 7, 1, 8, 2, 8, 1, 8, 2, 8]];

  it("feeding tokens one at a time through the cache gives the uncached logits", () => {
    const gpt = new GPT(config, new Rng(7));
    const full = gpt.forward(ids(seq)); // (2, 10, 11)
    const cache = gpt.newCache();
    const steps: Tensor[] = [];
    noGrad(() => {
      for (let t = 0; t < 10; t++) steps.push(gpt.forward(ids(seq.map((r) => [r[t]])), { cache }));
    });
    expect(cache.length).toBe(10);
    expect(maxAbsDiff(concat(steps, 1), full)).toBeLessThanOrEqual(1e-5);
  });

  it("a prompt in one piece, then single tokens, also matches", () => {
    const gpt = new GPT(config, new Rng(8));
    const full = gpt.forward(ids(seq));
    const cache = gpt.newCache();
    const first = gpt.forward(ids(seq.map((r) => r.slice(0, 6))), { cache });
    const rest = [6, 7, 8, 9].map((t) => gpt.forward(ids(seq.map((r) => [r[t]])), { cache }));
    expect(maxAbsDiff(concat([first, ...rest], 1), full)).toBeLessThanOrEqual(1e-5);
  });

  it("a full cache is a clear error", () => {
    const gpt = new GPT(config, new Rng(9));
    const cache = gpt.newCache();
    gpt.forward(ids([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1, 2]]), { cache });
    expect(() => gpt.forward(ids([[3]]), { cache })).toThrow(/positions 12\.\.12 exceed nPositions=12 \(the KV cache is full\)/);
  });
});

describe("GPT behaviour", () => {
  it("causal: changing later tokens does not change earlier logits", () => {
    const gpt = new GPT({ vocabSize: 10, nPositions: 8, nEmbd: 16, nLayer: 2, nHead: 2 }, new Rng(3));
    const a = gpt.forward(ids([[1, 2, 3, 4, 5, 6]]));
    const b = gpt.forward(ids([[1, 2, 3, 9, 0, 7]]));
    expect(maxAbsDiff(a.slice(1, 0, 3), b.slice(1, 0, 3))).toBe(0);
    expect(maxAbsDiff(a.slice(1, 3, 6), b.slice(1, 3, 6))).toBeGreaterThan(1e-4);
  });

  it("parameter counts: tiny default config, and GPT-2 small's formula", () => {
    const gpt = new GPT({ vocabSize: 65 }, new Rng(0));
    const { nEmbd: C, nLayer: L, nPositions: P } = gpt.config;
    // wte + wpe + L x (2 LN + c_attn + c_proj + c_fc + c_proj) + ln_f; the LM head is tied (no extra)
    const perBlock = 2 * 2 * C + (3 * C * C + 3 * C) + (C * C + C) + (4 * C * C + 4 * C) + (4 * C * C + C);
    expect(gpt.numParameters()).toBe(65 * C + P * C + L * perBlock + 2 * C);
    expect(gpt.numParameters()).toBe(112_448);
    expect(gpt.parameters().length).toBe(2 + 12 * L + 2);
  });

  it("the count formula holds for several configs and gives GPT-2 small's published 124,439,808", () => {
    const formula = (V: number, P: number, C: number, L: number) => V * C + P * C + L * (12 * C * C + 13 * C) + 2 * C;
    for (const [V, P, C, L, H] of [[7, 5, 8, 1, 2], [30, 12, 16, 3, 4], [65, 20, 24, 2, 3]]) {
      expect(new GPT({ vocabSize: V, nPositions: P, nEmbd: C, nLayer: L, nHead: H }, new Rng(0)).numParameters()).toBe(formula(V, P, C, L));
    }
    expect(formula(50257, 1024, 768, 12)).toBe(124_439_808);
  });

  it("summary names the modules and the parameter count", () => {
    const gpt = new GPT({ vocabSize: 65, nLayer: 3 }, new Rng(0));
    const s = gpt.toString();
    expect(s).toMatch(/^GPT\(\n  vocabSize=65, nPositions=128, nEmbd=64, nLayer=3, nHead=4\n  \(wte\)/);
    expect(s).toContain("(wte): Embedding(65, 64)");
    expect(s).toContain("(0-2): 3 x Block(");
    expect(s).toContain("(c_attn): Linear(in=64, out=192)");
    expect(s).toMatch(/parameters: 162,432 \(trainable 162,432\)$/);
  });

  it("dropout acts in train() mode only, and the same seed drops the same units", () => {
    const make = () => new GPT({ vocabSize: 10, nPositions: 8, nEmbd: 16, nHead: 2, dropout: 0.2 }, new Rng(5));
    const gpt = make();
    const x = ids([[1, 2, 3, 4]]);
    const a = gpt.forward(x);
    expect(maxAbsDiff(gpt.forward(x), a)).toBeGreaterThan(1e-4); // fresh masks each call
    expect(maxAbsDiff(make().forward(x), a)).toBe(0); // same seed, same masks
    gpt.eval();
    expect(maxAbsDiff(gpt.forward(x), gpt.forward(x))).toBe(0);
  });

  it("bad inputs give clear errors", () => {
    expect(() => new GPT({ vocabSize: 10, nEmbd: 10, nHead: 4 }, new Rng(0))).toThrow(/nEmbd=10 must be divisible by nHead=4/);
    expect(() => gptConfig({ vocabSize: 0 })).toThrow(/vocabSize must be a positive integer/);
    const gpt = new GPT({ vocabSize: 10, nPositions: 4, nEmbd: 8, nHead: 2 }, new Rng(0));
    expect(() => gpt.forward(tensor([[1, 2]]))).toThrow(/ids must be an int32 tensor \(B, T\), got float32/);
    expect(() => gpt.forward(ids([[1, 2, 3, 4, 5]]))).toThrow(/positions 0\.\.4 exceed nPositions=4/);
    expect(() => gpt.forward(ids([[1, 12]]))).toThrow(/id 12 .* out of range \[0, 10\)/);
  });
});
