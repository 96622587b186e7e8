/** config.json <-> configs: Hugging Face field names in, the same names out, and model building. */
import { describe, expect, it } from "vitest";
import {
  gptConfigFromHF, gptConfigToHF, bertConfigFromHF, bertConfigToHF, transformerConfigFromJSON,
  transformerConfigToJSON, modelFromConfig, configToJSON, GPT, BERT, Transformer, Rng, gptConfig,
} from "qkv";

describe("Hugging Face config mapping", () => {
  it("reads GPT-2 small's config.json", () => {
    const c = gptConfigFromHF({
      model_type: "gpt2", vocab_size: 50257, n_positions: 1024, n_ctx: 1024, n_embd: 768, n_layer: 12, n_head: 12,
      n_inner: null, activation_function: "gelu_new", resid_pdrop: 0.1, embd_pdrop: 0.1, attn_pdrop: 0.1, layer_norm_epsilon: 1e-5,
    });
    expect(c).toEqual({
      vocabSize: 50257, nPositions: 1024, nEmbd: 768, nLayer: 12, nHead: 12, dropout: 0.1, layerNormEps: 1e-5, nInner: 3072,
      activation: "gelu_tanh", tieWordEmbeddings: true, scaleAttnWeights: true, scaleAttnByInverseLayerIdx: false, bosTokenId: null, eosTokenId: null,
    });
  });

  it("GPT config round-trips through config.json", () => {
    const c = gptConfig({ vocabSize: 65, nEmbd: 32, nHead: 2 });
    const json = gptConfigToHF(c);
    expect(json).toMatchObject({ model_type: "gpt2", vocab_size: 65, n_embd: 32, n_head: 2, n_layer: 2, n_positions: 128 });
    expect(gptConfigFromHF(json)).toEqual(c);
  });

  it("reads bert-base-uncased's config.json, num_labels from id2label", () => {
    const c = bertConfigFromHF({
      model_type: "bert", vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12,
      intermediate_size: 3072, hidden_act: "gelu", hidden_dropout_prob: 0.1, attention_probs_dropout_prob: 0.1,
      max_position_embeddings: 512, type_vocab_size: 2, layer_norm_eps: 1e-12, initializer_range: 0.02,
      id2label: { 0: "NEGATIVE", 1: "POSITIVE" },
    });
    expect(c).toMatchObject({ vocabSize: 30522, hiddenSize: 768, numHiddenLayers: 12, intermediateSize: 3072, hiddenAct: "gelu", maxPositionEmbeddings: 512, layerNormEps: 1e-12, numLabels: 2, labelNames: ["NEGATIVE", "POSITIVE"] });
    // written back as BertForSequenceClassification, which has a pooler and no MLM head
    expect(bertConfigFromHF(bertConfigToHF(c))).toEqual({ ...c, mlmHead: false });
  });

  it("the encoder-decoder uses torch.nn.Transformer's argument names", () => {
    const json = transformerConfigToJSON(new Transformer({ srcVocabSize: 10, tgtVocabSize: 11, dModel: 32 }, new Rng(0)).config);
    expect(json).toMatchObject({ model_type: "qkv-transformer", d_model: 32, nhead: 4, num_encoder_layers: 2, dim_feedforward: 128 });
    expect(transformerConfigToJSON(transformerConfigFromJSON(json))).toEqual(json);
  });

  it("modelFromConfig builds the class named by model_type; configToJSON inverts it", () => {
    const rng = new Rng(0);
    const gpt = new GPT({ vocabSize: 20, nEmbd: 16, nHead: 2 }, rng);
    const again = modelFromConfig(configToJSON(gpt), rng);
    expect(again).toBeInstanceOf(GPT);
    expect(again.numParameters()).toBe(gpt.numParameters());
    expect(modelFromConfig(configToJSON(new BERT({ vocabSize: 20, hiddenSize: 16 }, rng)), rng)).toBeInstanceOf(BERT);
  });

  it("unsupported or malformed fields are clear errors", () => {
    expect(() => gptConfigFromHF({ n_embd: 8 })).toThrow(/gptConfigFromHF: config.json has no vocab_size/);
    expect(() => gptConfigFromHF({ vocab_size: 10, n_embd: 8, activation_function: "quick_gelu" })).toThrow(/unsupported activation "quick_gelu"/);
    expect(() => gptConfigFromHF({ vocab_size: "10" })).toThrow(/field "vocab_size" must be a number, got "10"/);
    expect(() => bertConfigFromHF({ vocab_size: 10, hidden_act: "swish" })).toThrow(/unsupported activation "swish"/);
    expect(() => modelFromConfig({ model_type: "llama" }, new Rng(0))).toThrow(/unknown model_type "llama"/);
  });
});
