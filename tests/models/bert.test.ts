/** BERT: Hugging Face BERT interop (fixture), masks, heads, parameter counts, errors. */
import { afterAll, describe, expect, it } from "vitest";
import { BERT, Rng, tensor } from "qkv";
import type { StateDict } from "qkv";
import { loadFixture, decode, decodeStateDict, maxAbsDiff, record, errors } from "../nn/fixture-helpers.js";

const TOL = 1e-5;
afterAll(() => console.log("bert fixture max abs errors:", JSON.stringify(errors)));

describe("BERT vs a BERT written in PyTorch (Hugging Face names)", () => {
  const fx = loadFixture("bert.json");
  const c = fx.config;
  const config = {
    vocabSize: c.vocab_size, hiddenSize: c.hidden_size, numHiddenLayers: c.num_hidden_layers,
    numAttentionHeads: c.num_attention_heads, intermediateSize: c.intermediate_size,
    maxPositionEmbeddings: c.max_position_embeddings, typeVocabSize: c.type_vocab_size, layerNormEps: c.layer_norm_eps,
  };
  const inputs = { tokenTypeIds: decode(fx.token_type_ids), attentionMask: decode(fx.attention_mask) };
  const ids = decode(fx.input_ids);

  it("loads BertForMaskedLM + pooler + classifier keys (position_ids, tied decoder copies) under strict; MLM and classifier logits match", () => {
    const bert = new BERT({ ...config, numLabels: c.num_labels }, new Rng(0));
    expect(bert.loadStateDict(decodeStateDict(fx.state_dict))).toEqual({ missing: [], unexpected: [] });
    const mlm = bert.forward(ids, inputs);
    expect(mlm.shape).toEqual([2, 6, c.vocab_size]);
    expect(record("bert.mlm_logits", maxAbsDiff(mlm, fx.mlm_logits))).toBeLessThanOrEqual(TOL);
    expect(record("bert.classifier_logits", maxAbsDiff(bert.classify(ids, inputs), fx.classifier_logits))).toBeLessThanOrEqual(TOL);
  });

  it("accepts BertModel keys without the bert. prefix and the old gamma/beta LayerNorm names", () => {
    const sd = decodeStateDict(fx.state_dict);
    const renamed: StateDict = {};
    for (const [k, v] of Object.entries(sd)) {
      renamed[k.replace(/^bert\./, "").replace(/LayerNorm\.weight$/, "LayerNorm.gamma").replace(/LayerNorm\.bias$/, "LayerNorm.beta")] = v;
    }
    const bert = new BERT({ ...config, numLabels: c.num_labels }, new Rng(1));
    bert.loadStateDict(renamed);
    expect(maxAbsDiff(bert.forward(ids, inputs), fx.mlm_logits)).toBeLessThanOrEqual(TOL);
  });

  it("a model without a classifier reports the classifier keys as unexpected (strict) and loads with strict: false", () => {
    const bert = new BERT(config, new Rng(2));
    const sd = decodeStateDict(fx.state_dict);
    expect(() => bert.loadStateDict(sd)).toThrow(/unexpected keys \(2\): classifier\.weight, classifier\.bias/);
    expect(bert.loadStateDict(sd, { strict: false })).toEqual({ missing: [], unexpected: ["classifier.weight", "classifier.bias"] });
    expect(maxAbsDiff(bert.forward(ids, inputs), fx.mlm_logits)).toBeLessThanOrEqual(TOL);
    expect(() => bert.classify(ids)).toThrow(/no classification head \(config numLabels = 0\)/);
  });

  it("padding: the real tokens' outputs do not depend on what sits in padded positions", () => {
    const bert = new BERT({ ...config, numLabels: c.num_labels }, new Rng(3));
    bert.loadStateDict(decodeStateDict(fx.state_dict));
    const other = ids.clone();
    other.data[1 * 6 + 4] = 7; // sequence 1, positions 4 and 5 are padding (attention_mask 0)
    other.data[1 * 6 + 5] = 11;
    const a = bert.forward(ids, inputs).slice(0, 1, 2).slice(1, 0, 4);
    const b = bert.forward(other, inputs).slice(0, 1, 2).slice(1, 0, 4);
    expect(maxAbsDiff(a, b)).toBeLessThanOrEqual(1e-6);
  });
});

describe("BERT behaviour", () => {
  it("parameter count of the tiny default config (vocab 100, numLabels 2)", () => {
    const bert = new BERT({ vocabSize: 100, numLabels: 2 }, new Rng(0));
    const H = 64, I = 256, L = 2;
    const embeddings = 100 * H + 128 * H + 2 * H + 2 * H;
    const layer = 4 * (H * H + H) + 2 * H + (H * I + I) + (I * H + H) + 2 * H;
    const pooler = H * H + H;
    const mlmHead = H * H + H + 2 * H + 100; // transform + LayerNorm + bias (decoder weight tied)
    const classifier = 2 * H + 2;
    expect(bert.numParameters()).toBe(embeddings + L * layer + pooler + mlmHead + classifier);
    expect(bert.numParameters()).toBe(123_494);
  });

  it("bidirectional: changing a later token changes earlier outputs", () => {
    const bert = new BERT({ vocabSize: 20, hiddenSize: 16 }, new Rng(4));
    const a = bert.encode(tensor([[1, 2, 3, 4]], { dtype: "int32" }));
    const b = bert.encode(tensor([[1, 2, 3, 9]], { dtype: "int32" }));
    expect(maxAbsDiff(a.slice(1, 0, 1), b.slice(1, 0, 1))).toBeGreaterThan(1e-4);
  });

  it("bad inputs give clear errors", () => {
    expect(() => new BERT({ vocabSize: 20, hiddenSize: 10, numAttentionHeads: 4 }, new Rng(0))).toThrow(/hiddenSize=10 must be divisible by numAttentionHeads=4/);
    const bert = new BERT({ vocabSize: 20, hiddenSize: 8, numAttentionHeads: 2, maxPositionEmbeddings: 4 }, new Rng(0));
    const ids = tensor([[1, 2, 3]], { dtype: "int32" });
    expect(() => bert.forward(ids, { attentionMask: tensor([[1, 1]]) })).toThrow(/attentionMask must be \(B, T\) = \(1,3\), got \(1,2\)/);
    expect(() => bert.forward(ids, { tokenTypeIds: tensor([[0, 0, 1]]) })).toThrow(/tokenTypeIds must be int32/);
    expect(() => bert.forward(tensor([[1, 2, 3, 4, 5]], { dtype: "int32" }))).toThrow(/sequence length 5 exceeds maxPositionEmbeddings=4/);
  });
});
