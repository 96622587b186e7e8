/**
 * MultiHeadAttention and the Transformer layers against PyTorch (fixtures from
 * tests/fixtures/make_model_fixtures.py): the state dicts of torch.nn.MultiheadAttention,
 * TransformerEncoderLayer / DecoderLayer and their stacks load unchanged, and outputs agree to 1e-5.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  Rng, LayerNorm, MultiHeadAttention, TransformerEncoderLayer, TransformerEncoder,
  TransformerDecoderLayer, TransformerDecoder,
} from "qkv";
import { loadFixture, decode, decodeStateDict, maxAbsDiff, record, errors } from "./fixture-helpers.js";

const TOL = 1e-5;

afterAll(() => console.log("torch-reference max abs errors:", JSON.stringify(errors)));

describe("MultiHeadAttention vs torch.nn.MultiheadAttention", () => {
  const fx = loadFixture("mha.json");
  const mha = new MultiHeadAttention(fx.config.embed_dim, fx.config.num_heads, new Rng(0));
  mha.loadStateDict(decodeStateDict(fx.state_dict));
  const inputs: Record<string, ReturnType<typeof decode>> = { x: decode(fx.x), memory: decode(fx.memory) };
  for (const c of fx.cases) {
    it(`${c.name}: output and per-head weights`, () => {
      const q = inputs[c.query];
      const kv = inputs[c.key];
      const { output, weights } = mha.forward(q, kv, kv, {
        keyPaddingMask: c.key_padding_mask ? decode(c.key_padding_mask) : null,
        attnMask: c.attn_mask ? decode(c.attn_mask) : null,
      });
      expect(weights.shape).toEqual(c.weights.shape); // (B, nh, T, S)
      expect(record(`mha.${c.name}.output`, maxAbsDiff(output, c.output))).toBeLessThanOrEqual(TOL);
      expect(record(`mha.${c.name}.weights`, maxAbsDiff(weights, c.weights))).toBeLessThanOrEqual(TOL);
      expect(mha.lastWeights!.shape).toEqual(c.weights.shape);
    });
  }
  it("causal: true gives the same result as attnMask = causalMask(T)", () => {
    const c = fx.cases.find((k: { name: string }) => k.name === "self_causal");
    const { output } = mha.forward(inputs.x, inputs.x, inputs.x, { causal: true });
    expect(maxAbsDiff(output, c.output)).toBeLessThanOrEqual(TOL);
  });
});

describe("TransformerEncoderLayer vs torch.nn.TransformerEncoderLayer", () => {
  const fx = loadFixture("encoder.json");
  const x = decode(fx.x);
  const { d_model, nhead, dim_feedforward } = fx.config;
  for (const c of fx.layers) {
    it(`${c.name} (${c.norm_first ? "pre-norm" : "post-norm"}, ${c.activation})`, () => {
      const layer = new TransformerEncoderLayer(d_model, nhead, new Rng(1), { dimFeedforward: dim_feedforward, activation: c.activation, normFirst: c.norm_first });
      layer.loadStateDict(decodeStateDict(c.state_dict));
      const out = layer.forward(x, {
        keyPaddingMask: c.key_padding_mask ? decode(c.key_padding_mask) : null,
        attnMask: c.attn_mask ? decode(c.attn_mask) : null,
      });
      expect(record(`encoder.${c.name}`, maxAbsDiff(out, c.output))).toBeLessThanOrEqual(TOL);
    });
  }
  it("a 2-layer TransformerEncoder with a final norm (pre-norm, gelu, padding)", () => {
    const s = fx.stack;
    const rng = new Rng(2);
    const enc = new TransformerEncoder(
      Array.from({ length: s.num_layers }, () => new TransformerEncoderLayer(d_model, nhead, rng, { dimFeedforward: dim_feedforward, activation: s.activation, normFirst: s.norm_first })),
      { norm: new LayerNorm(d_model) },
    );
    enc.loadStateDict(decodeStateDict(s.state_dict));
    const out = enc.forward(x, { keyPaddingMask: decode(s.key_padding_mask) });
    expect(record("encoder.stack", maxAbsDiff(out, s.output))).toBeLessThanOrEqual(TOL);
  });
});

describe("TransformerDecoderLayer vs torch.nn.TransformerDecoderLayer (causal + padding + memory padding)", () => {
  const fx = loadFixture("decoder.json");
  const tgt = decode(fx.tgt);
  const memory = decode(fx.memory);
  const masks = {
    tgtMask: decode(fx.tgt_mask),
    tgtKeyPaddingMask: decode(fx.tgt_key_padding_mask),
    memoryKeyPaddingMask: decode(fx.memory_key_padding_mask),
  };
  const { d_model, nhead, dim_feedforward } = fx.config;
  for (const c of fx.layers) {
    it(c.name, () => {
      const layer = new TransformerDecoderLayer(d_model, nhead, new Rng(3), { dimFeedforward: dim_feedforward, activation: c.activation, normFirst: c.norm_first });
      layer.loadStateDict(decodeStateDict(c.state_dict));
      expect(record(`decoder.${c.name}`, maxAbsDiff(layer.forward(tgt, memory, masks), c.output))).toBeLessThanOrEqual(TOL);
      // causal: true instead of an explicit tgtMask
      const out2 = layer.forward(tgt, memory, { ...masks, tgtMask: null, causal: true });
      expect(maxAbsDiff(out2, c.output)).toBeLessThanOrEqual(TOL);
    });
  }
  it("a 2-layer TransformerDecoder with a final norm", () => {
    const s = fx.stack;
    const rng = new Rng(4);
    const dec = new TransformerDecoder(
      Array.from({ length: s.num_layers }, () => new TransformerDecoderLayer(d_model, nhead, rng, { dimFeedforward: dim_feedforward, activation: s.activation, normFirst: s.norm_first })),
      { norm: new LayerNorm(d_model) },
    );
    dec.loadStateDict(decodeStateDict(s.state_dict));
    expect(record("decoder.stack", maxAbsDiff(dec.forward(tgt, memory, masks), s.output))).toBeLessThanOrEqual(TOL);
  });
});
