import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BERT, GPT, Rng, Transformer, loadCheckpoint, loadModel, readSafetensors, saveCheckpoint, tensor } from "qkv";
import { decode, loadFixture, maxAbsDiff } from "../nn/fixture-helpers.js";

const scratch = mkdtempSync(join(tmpdir(), "qkv-ckpt-models-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("a checkpoint folder laid out by Hugging Face's save_pretrained (written by an independent writer)", () => {
  it("loads as a GPT whose logits match PyTorch's for that GPT-2 (≤ 1e-5)", () => {
    // tests/fixtures/make_safetensors_fixture.py wrote the folder from the GPT-2 of tests/fixtures/models/gpt2.json.
    const dir = join(import.meta.dirname, "..", "fixtures", "io", "gpt2-hf");
    const reference = loadFixture("gpt2.json");
    const { model, stateDict, metadata } = loadModel(dir);
    expect(model).toBeInstanceOf(GPT);
    expect(metadata).toEqual({ format: "pt" });
    expect(stateDict["transformer.h.0.attn.bias"].dtype).toBe("bool"); // a buffer the model ignores
    const logits = (model as GPT).forward(decode(reference.input_ids));
    expect(logits.shape).toEqual(reference.logits.shape);
    expect(maxAbsDiff(logits, reference.logits)).toBeLessThanOrEqual(1e-5);
  });
});

describe("checkpoints of real models", () => {
  it("a GPT saved and loaded gives bit-identical logits; config.json and keys are GPT-2's", () => {
    const gpt = new GPT({ vocabSize: 11, nPositions: 16, nEmbd: 16, nLayer: 2, nHead: 2 }, new Rng(5));
    const dir = join(scratch, "gpt");
    saveCheckpoint(dir, gpt);
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(config).toMatchObject({ model_type: "gpt2", architectures: ["GPT2LMHeadModel"], vocab_size: 11, n_positions: 16, n_embd: 16, n_layer: 2, n_head: 2 });
    const { tensors } = readSafetensors(join(dir, "model.safetensors"));
    expect(tensors["transformer.h.0.attn.c_attn.weight"].shape).toEqual([16, 48]); // Conv1D layout (in, out), as in GPT-2
    expect(Object.keys(tensors)).toContain("transformer.wte.weight");
    expect(Object.keys(tensors)).not.toContain("lm_head.weight"); // tied: save_pretrained leaves the shared copy out

    const { model } = loadModel(dir);
    expect(model).toBeInstanceOf(GPT);
    const ids = tensor([[1, 4, 2, 9, 0]], { dtype: "int32" });
    expect(Array.from((model as GPT).forward(ids).data)).toEqual(Array.from(gpt.forward(ids).data));
  });

  it("a BERT with a classification head round-trips through loadModel as BertForSequenceClassification (no MLM head; classifier logits identical)", () => {
    const bert = new BERT({ vocabSize: 20, hiddenSize: 16, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 32, maxPositionEmbeddings: 16, numLabels: 3 }, new Rng(8));
    const dir = join(scratch, "bert");
    saveCheckpoint(dir, bert);
    const { model, config } = loadModel(dir);
    expect(config).toMatchObject({ model_type: "bert", architectures: ["BertForSequenceClassification"], hidden_size: 16, id2label: { 0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2" } });
    expect(model).toBeInstanceOf(BERT);
    expect((model as BERT).cls).toBeNull();
    const ids = tensor([[2, 5, 7, 3]], { dtype: "int32" });
    bert.eval();
    expect(Array.from((model as BERT).classify(ids).data)).toEqual(Array.from(bert.classify(ids).data));
    expect(Array.from((model as BERT).encode(ids).data)).toEqual(Array.from(bert.encode(ids).data));
  });

  it("loadCheckpoint(dir, model) fills an existing model; a mismatched model is a strict error", () => {
    const source = new Transformer({ srcVocabSize: 7, tgtVocabSize: 8, dModel: 16, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1 }, new Rng(1));
    const dir = join(scratch, "seq2seq");
    saveCheckpoint(dir, source, undefined, { tokenizer: { type: "char", vocab: "0123456789" } });
    const target = new Transformer({ srcVocabSize: 7, tgtVocabSize: 8, dModel: 16, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1 }, new Rng(2));
    const ckpt = loadCheckpoint(dir, target);
    expect(ckpt.config.model_type).toBe("qkv-transformer");
    expect(ckpt.tokenizer).toEqual({ type: "char", vocab: "0123456789" });
    const src = tensor([[1, 2, 3]], { dtype: "int32" });
    const tgt = tensor([[0, 5]], { dtype: "int32" });
    expect(Array.from(target.forward(src, tgt).data)).toEqual(Array.from(source.forward(src, tgt).data));
    const wider = new Transformer({ srcVocabSize: 7, tgtVocabSize: 8, dModel: 32, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1 }, new Rng(2));
    expect(() => loadCheckpoint(dir, wider)).toThrow(/loadStateDict/);
    expect(() => saveCheckpoint(join(scratch, "x"), { w: tensor([1]) })).toThrow(/give a config \(it becomes config\.json\)/);
  });
});
