/**
 * Checkpoints laid out exactly as Hugging Face `transformers` saves them load here with PyTorch's outputs;
 * what qkv writes is what those classes read; every config field that changes the computation is either
 * computed or refused by name.
 *
 * The folders in tests/fixtures/hf were written by tests/fixtures/make_hf_fixtures.py (Debian's PyTorch;
 * `transformers` itself is not installable here). What each class writes, per transformers' own source
 * (modeling_gpt2.py / modeling_bert.py `_tied_weights_keys`, `_keys_to_ignore_on_load_unexpected`, the
 * buffers registered with persistent=False, and save_pretrained's removal of shared tensors before
 * safetensors serialisation; configuration_utils' to_json_string(use_diff=True)):
 *
 * | class | keys in model.safetensors | config.json |
 * | --- | --- | --- |
 * | GPT2LMHeadModel | transformer.{wte,wpe}, transformer.h.N.{ln_1,attn.c_attn,attn.c_proj,ln_2,mlp.c_fc,mlp.c_proj}, transformer.ln_f; lm_head.weight only when tie_word_embeddings is false | every GPT2Config field (n_positions, n_embd, n_layer, n_head, n_inner, activation_function, *_pdrop, layer_norm_epsilon, scale_attn_weights, scale_attn_by_inverse_layer_idx, reorder_and_upcast_attn, summary_*, use_cache, bos/eos_token_id), architectures, model_type, torch_dtype, transformers_version; tie_word_embeddings only when false; no n_ctx |
 * | GPT2Model | the same without "transformer." and without lm_head | the same, architectures ["GPT2Model"] |
 * | BertModel | embeddings.*, encoder.layer.N.*, pooler.dense.* | every BertConfig field (… position_embedding_type, pad_token_id 0, classifier_dropout), architectures, … |
 * | BertForMaskedLM | bert.* without the pooler, cls.predictions.bias, cls.predictions.transform.*; cls.predictions.decoder.weight only when untied (decoder.bias never: tied to cls.predictions.bias) | as BertModel |
 * | BertForSequenceClassification | bert.* with the pooler, classifier.{weight,bias} | as BertModel + id2label/label2id unless they are the default two LABEL_i (no num_labels) |
 *
 * The position_ids / causal-mask buffers are not saved (non-persistent); older checkpoints that do carry
 * them are covered by tests/models/gpt.test.ts and bert.test.ts.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BERT, GPT, Rng, Tensor, loadCheckpoint, loadModel, readSafetensors, saveCheckpoint, tensor } from "qkv";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "hf");
const reference = JSON.parse(readFileSync(join(FIXTURES, "reference.json"), "utf8"));
const scratch = mkdtempSync(join(tmpdir(), "qkv-hf-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Encoded { shape: number[]; data: number[] }
const ints = (e: Encoded) => tensor(Int32Array.from(e.data), { shape: e.shape });

function maxDiff(a: Tensor, e: Encoded): number {
  expect(a.shape).toEqual(e.shape);
  let m = 0;
  for (let i = 0; i < a.size; i++) {
    const d = Math.abs(a.data[i] - e.data[i]);
    if (!(d <= m)) m = d;
  }
  return m;
}

/** A copy of a fixture folder in the scratch dir, with config.json changed by `edit`. */
function editedCopy(name: string, edit: (c: Record<string, unknown>) => void): string {
  const dir = join(scratch, `${name}-${Math.random().toString(36).slice(2)}`);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  const c = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  edit(c);
  writeFileSync(join(dir, "config.json"), JSON.stringify(c));
  return dir;
}

const GPT_CASES = ["gpt2-lmhead", "gpt2-model", "gpt2-untied", "gpt2-unscaled", "gpt2-variants", "gpt2-sharded"];
const BERT_LOGIT_CASES = ["bert-mlm", "bert-mlm-untied", "bert-cls", "bert-cls-default-labels"];

describe("checkpoints saved by transformers load with PyTorch's outputs", () => {
  for (const name of GPT_CASES) {
    it(`${name} (${reference.cases[name].class}): logits, hidden states and the labels loss match (float32 ≤ 1e-5, float64 ≤ 1e-10)`, () => {
      const ref = reference.cases[name];
      const { model, stateDict } = loadModel(join(FIXTURES, name));
      expect(model).toBeInstanceOf(GPT);
      expect(Object.keys(stateDict).sort()).toEqual([...ref.keys].sort());
      const gpt = model as GPT;
      const ids = ints(ref.input_ids);
      const out = gpt.forward(ids, { labels: ints(ref.labels), outputHiddenStates: true });
      expect(maxDiff(out.logits, ref.logits)).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(out.loss!.item() - ref.loss)).toBeLessThanOrEqual(1e-5);
      expect(out.hiddenStates!.length).toBe(ref.hidden_states.length);
      out.hiddenStates!.forEach((h, i) => expect(maxDiff(h, ref.hidden_states[i])).toBeLessThanOrEqual(1e-5));

      const g64 = loadModel(join(FIXTURES, name), { dtype: "float64" }).model as GPT;
      const out64 = g64.forward(ids, { labels: ints(ref.labels), outputHiddenStates: true });
      expect(out64.logits.dtype).toBe("float64");
      expect(maxDiff(out64.logits, ref.logits)).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(out64.loss!.item() - ref.loss)).toBeLessThanOrEqual(1e-10);
      expect(maxDiff(out64.hiddenStates!.at(-1)!, ref.last_hidden_state)).toBeLessThanOrEqual(1e-10);
    });
  }

  it("bert-model (BertModel): last hidden state and pooler output match; it has no MLM head or classifier", () => {
    const ref = reference.cases["bert-model"];
    for (const dtype of ["float32", "float64"] as const) {
      const { model, stateDict } = loadModel(join(FIXTURES, "bert-model"), { dtype });
      expect(Object.keys(stateDict).sort()).toEqual([...ref.keys].sort());
      const bert = model as BERT;
      expect(bert.cls).toBeNull();
      expect(bert.classifier).toBeNull();
      const inputs = { tokenTypeIds: ints(ref.token_type_ids), attentionMask: ints(ref.attention_mask) };
      const tol = dtype === "float64" ? 1e-10 : 1e-5;
      expect(maxDiff(bert.encode(ints(ref.input_ids), inputs), ref.last_hidden_state)).toBeLessThanOrEqual(tol);
      expect(maxDiff(bert.pool(ints(ref.input_ids), inputs), ref.pooler_output)).toBeLessThanOrEqual(tol);
      expect(() => bert.forward(ints(ref.input_ids))).toThrow(/no MLM head/);
    }
  });

  for (const name of BERT_LOGIT_CASES) {
    it(`${name} (${reference.cases[name].class}): logits, loss and hidden states match (float32 ≤ 1e-5, float64 ≤ 1e-10)`, () => {
      const ref = reference.cases[name];
      for (const dtype of ["float32", "float64"] as const) {
        const { model, stateDict } = loadModel(join(FIXTURES, name), { dtype });
        expect(Object.keys(stateDict).sort()).toEqual([...ref.keys].sort());
        const bert = model as BERT;
        const opts = { tokenTypeIds: ints(ref.token_type_ids), attentionMask: ints(ref.attention_mask), labels: ints(ref.labels), outputHiddenStates: true as const };
        const out = ref.class === "BertForMaskedLM" ? bert.forward(ints(ref.input_ids), opts) : bert.classify(ints(ref.input_ids), opts);
        const tol = dtype === "float64" ? 1e-10 : 1e-5;
        expect(maxDiff(out.logits, ref.logits)).toBeLessThanOrEqual(tol);
        expect(Math.abs(out.loss!.item() - ref.loss)).toBeLessThanOrEqual(tol);
        out.hiddenStates!.forEach((h, i) => expect(maxDiff(h, ref.hidden_states[i])).toBeLessThanOrEqual(tol));
      }
    });
  }

  it("the parts each BERT class has: MLM without a pooler, classifier without an MLM head; labels from id2label", () => {
    const mlm = loadModel(join(FIXTURES, "bert-mlm")).model as BERT;
    expect(mlm.bert.pooler).toBeNull();
    expect(mlm.cls).not.toBeNull();
    const cls = loadModel(join(FIXTURES, "bert-cls")).model as BERT;
    expect(cls.cls).toBeNull();
    expect(cls.config.labelNames).toEqual(["negative", "neutral", "positive"]);
    const two = loadModel(join(FIXTURES, "bert-cls-default-labels")).model as BERT;
    expect(two.config.numLabels).toBe(2); // no id2label in config.json: transformers' default of 2
  });

  it("a sharded checkpoint is read through its index, shard by shard in order", () => {
    const { files } = loadCheckpoint(join(FIXTURES, "gpt2-sharded"));
    expect(files.map((f) => f.split("/").pop())).toEqual([1, 2, 3, 4, 5].map((i) => `model-0000${i}-of-00005.safetensors`));
  });
});

describe("each silent case of issue 18 is now correct or a clear error", () => {
  it("tie_word_embeddings false: the untied lm_head is used (logits differ from the tied computation)", () => {
    const ref = reference.cases["gpt2-untied"];
    const untied = loadModel(join(FIXTURES, "gpt2-untied")).model as GPT;
    expect(untied.lm_head).not.toBeNull();
    // loading the same weights into a tied model is refused, naming the two weights
    const dir = editedCopy("gpt2-untied", (c) => delete c.tie_word_embeddings);
    expect(() => loadModel(dir)).toThrow(/"lm_head\.weight" differs from "wte\.weight", but this model ties them/);
    const tiedLogits = (() => {
      const m = new GPT({ vocabSize: 24, nPositions: 12, nEmbd: 8, nHead: 2 });
      m.loadStateDict(Object.fromEntries(Object.entries(loadCheckpoint(join(FIXTURES, "gpt2-untied")).stateDict).filter(([k]) => k !== "lm_head.weight")));
      return m.forward(ints(ref.input_ids));
    })();
    expect(maxDiff(tiedLogits, ref.logits)).toBeGreaterThan(0.1); // what the old loader computed silently
  });

  it("an untied BERT MLM decoder is used; loading it as tied is refused", () => {
    const dir = editedCopy("bert-mlm-untied", (c) => delete c.tie_word_embeddings);
    expect(() => loadModel(dir)).toThrow(/"cls\.predictions\.decoder\.weight" differs from "bert\.embeddings\.word_embeddings\.weight"/);
  });

  it("scale_attn_weights false is computed (and gives other logits than the scaled model)", () => {
    const ref = reference.cases["gpt2-unscaled"];
    const dir = editedCopy("gpt2-unscaled", (c) => delete c.scale_attn_weights);
    const wrong = (loadModel(dir).model as GPT).forward(ints(ref.input_ids));
    expect(maxDiff(wrong, ref.logits)).toBeGreaterThan(0.05);
  });

  it("scale_attn_by_inverse_layer_idx is computed; reorder_and_upcast_attn computes the same function and is accepted", () => {
    const ref = reference.cases["gpt2-variants"];
    const dir = editedCopy("gpt2-variants", (c) => delete c.scale_attn_by_inverse_layer_idx);
    const wrong = (loadModel(dir).model as GPT).forward(ints(ref.input_ids));
    expect(maxDiff(wrong, ref.logits)).toBeGreaterThan(1e-3);
  });

  it("fields qkv cannot compute stop the load with the field and its value", () => {
    const cases: [string, (c: Record<string, unknown>) => void, RegExp][] = [
      ["bert-mlm", (c) => (c.position_embedding_type = "relative_key"), /"position_embedding_type" = "relative_key" is not supported/],
      ["bert-mlm", (c) => (c.position_embedding_type = "relative_key_query"), /"position_embedding_type" = "relative_key_query"/],
      ["bert-mlm", (c) => (c.is_decoder = true), /"is_decoder" = true is not supported/],
      ["bert-cls", (c) => (c.problem_type = "multi_label_classification"), /"problem_type" = "multi_label_classification"/],
      ["bert-mlm", (c) => (c.architectures = ["BertForPreTraining"]), /BertForPreTraining's next-sentence head is not implemented/],
      ["bert-mlm", (c) => (c.architectures = ["BertForTokenClassification"]), /"architectures" = \["BertForTokenClassification"\] is not supported/],
      ["gpt2-lmhead", (c) => (c.add_cross_attention = true), /"add_cross_attention" = true is not supported/],
      ["gpt2-lmhead", (c) => (c.activation_function = "silu"), /unsupported activation "silu"/],
      ["gpt2-lmhead", (c) => (c.attn_pdrop = 0.2), /dropout rates differ \(resid_pdrop=0\.1, embd_pdrop=0\.1, attn_pdrop=0\.2\)/],
      ["gpt2-lmhead", (c) => (c.bos_token_id = 50256), /"bos_token_id" = 50256 is not a token id of this vocabulary \(vocab_size 24\)/],
      ["gpt2-lmhead", (c) => (c.architectures = ["GPT2ForSequenceClassification"]), /"architectures" = \["GPT2ForSequenceClassification"\] is not supported/],
    ];
    for (const [name, edit, message] of cases) expect(() => loadModel(editedCopy(name, edit))).toThrow(message);
  });

  it("a damaged sharded checkpoint names the file and the problem", () => {
    const missing = join(scratch, "shards-missing");
    cpSync(join(FIXTURES, "gpt2-sharded"), missing, { recursive: true });
    rmSync(join(missing, "model-00003-of-00005.safetensors"));
    expect(() => loadModel(missing)).toThrow(/lists model-00003-of-00005\.safetensors, but .* does not exist/);

    const moved = join(scratch, "shards-moved");
    cpSync(join(FIXTURES, "gpt2-sharded"), moved, { recursive: true });
    const index = JSON.parse(readFileSync(join(moved, "model.safetensors.index.json"), "utf8"));
    index.weight_map["transformer.wte.weight"] = "model-00002-of-00005.safetensors";
    writeFileSync(join(moved, "model.safetensors.index.json"), JSON.stringify(index));
    expect(() => loadModel(moved)).toThrow(/holds "transformer\.wte\.weight", but model\.safetensors\.index\.json puts it in model-00002-of-00005\.safetensors/);

    index.weight_map["transformer.wte.weight"] = "../escape.safetensors";
    writeFileSync(join(moved, "model.safetensors.index.json"), JSON.stringify(index));
    expect(() => loadModel(moved)).toThrow(/not a \.safetensors file name in the folder/);
  });
});

describe("what qkv writes is what those classes read", () => {
  const ids = tensor([[1, 4, 2, 9, 0]], { dtype: "int32" });

  it("GPT -> GPT2LMHeadModel: transformer.* keys, no tied lm_head, bos/eos inside the vocabulary, no n_ctx", () => {
    const gpt = new GPT({ vocabSize: 11, nPositions: 16, nEmbd: 8, nHead: 2, bosTokenId: 10, eosTokenId: 10 }, new Rng(1));
    const dir = join(scratch, "w-gpt");
    saveCheckpoint(dir, gpt);
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(config).toMatchObject({ architectures: ["GPT2LMHeadModel"], bos_token_id: 10, eos_token_id: 10, tie_word_embeddings: true, torch_dtype: "float32" });
    expect(config).not.toHaveProperty("n_ctx");
    const keys = Object.keys(readSafetensors(join(dir, "model.safetensors")).tensors);
    expect(keys.every((k) => k.startsWith("transformer."))).toBe(true);
    expect(keys.sort()).toEqual([...reference.cases["gpt2-lmhead"].keys].sort()); // the same key set transformers writes (same depth)
    expect(Array.from((loadModel(dir).model as GPT).forward(ids).data)).toEqual(Array.from(gpt.eval().forward(ids).data));
    // the defaults write null ids, never GPT-2's 50256
    saveCheckpoint(dir, new GPT({ vocabSize: 11, nPositions: 16, nEmbd: 8, nHead: 2 }, new Rng(1)));
    expect(JSON.parse(readFileSync(join(dir, "config.json"), "utf8"))).toMatchObject({ bos_token_id: null, eos_token_id: null });
  });

  it("an untied GPT writes lm_head.weight and tie_word_embeddings false, and reloads untied", () => {
    const gpt = new GPT({ vocabSize: 11, nPositions: 16, nEmbd: 8, nHead: 2, tieWordEmbeddings: false }, new Rng(2));
    const dir = join(scratch, "w-gpt-untied");
    saveCheckpoint(dir, gpt);
    expect(Object.keys(readSafetensors(join(dir, "model.safetensors")).tensors)).toContain("lm_head.weight");
    const back = loadModel(dir).model as GPT;
    expect(back.config.tieWordEmbeddings).toBe(false);
    expect(Array.from(back.forward(ids).data)).toEqual(Array.from(gpt.eval().forward(ids).data));
  });

  it("BERT: a classifier is written as BertForSequenceClassification without the MLM head, with id2label/label2id", () => {
    const bert = new BERT({ vocabSize: 12, hiddenSize: 8, numAttentionHeads: 2, maxPositionEmbeddings: 8, numLabels: 2, labelNames: ["neg", "pos"] }, new Rng(3));
    const dir = join(scratch, "w-bert-cls");
    saveCheckpoint(dir, bert);
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(config).toMatchObject({ architectures: ["BertForSequenceClassification"], id2label: { 0: "neg", 1: "pos" }, label2id: { neg: 0, pos: 1 } });
    const keys = Object.keys(readSafetensors(join(dir, "model.safetensors")).tensors);
    expect(keys.some((k) => k.startsWith("cls."))).toBe(false);
    expect(keys).toContain("bert.pooler.dense.weight");
    expect(keys).toContain("classifier.weight");
    const back = loadModel(dir).model as BERT;
    expect(back.config.labelNames).toEqual(["neg", "pos"]);
    expect(Array.from(back.classify(ids).data)).toEqual(Array.from(bert.eval().classify(ids).data));
  });

  it("BERT: an MLM model is written as BertForMaskedLM (no pooler, no tied decoder copies); an encoder as BertModel", () => {
    const mlm = new BERT({ vocabSize: 12, hiddenSize: 8, numAttentionHeads: 2, maxPositionEmbeddings: 8 }, new Rng(4));
    const dir = join(scratch, "w-bert-mlm");
    saveCheckpoint(dir, mlm);
    expect(JSON.parse(readFileSync(join(dir, "config.json"), "utf8")).architectures).toEqual(["BertForMaskedLM"]);
    const keys = Object.keys(readSafetensors(join(dir, "model.safetensors")).tensors);
    expect(keys.filter((k) => k.startsWith("cls.")).sort()).toEqual(reference.cases["bert-mlm"].keys.filter((k: string) => k.startsWith("cls.")).sort());
    expect(keys.some((k) => k.includes("pooler"))).toBe(false);
    expect(Array.from((loadModel(dir).model as BERT).forward(ids).data)).toEqual(Array.from(mlm.eval().forward(ids).data));

    const encoder = new BERT({ vocabSize: 12, hiddenSize: 8, numAttentionHeads: 2, maxPositionEmbeddings: 8, mlmHead: false }, new Rng(5));
    const edir = join(scratch, "w-bert-model");
    saveCheckpoint(edir, encoder);
    expect(JSON.parse(readFileSync(join(edir, "config.json"), "utf8")).architectures).toEqual(["BertModel"]);
    expect(Object.keys(readSafetensors(join(edir, "model.safetensors")).tensors).sort()).toEqual(
      Object.keys(encoder.stateDict()).map((k) => k.slice("bert.".length)).sort());
  });

  it("sharded writing: shards + index that loadModel reads back; an earlier single file is removed", () => {
    const gpt = new GPT({ vocabSize: 11, nPositions: 16, nEmbd: 8, nHead: 2 }, new Rng(6));
    const dir = join(scratch, "w-sharded");
    saveCheckpoint(dir, gpt);
    saveCheckpoint(dir, gpt, undefined, { maxShardSize: 1500 });
    expect(existsSync(join(dir, "model.safetensors"))).toBe(false);
    const shards = readdirSync(dir).filter((f) => f.startsWith("model-"));
    expect(shards.length).toBeGreaterThan(2);
    const index = JSON.parse(readFileSync(join(dir, "model.safetensors.index.json"), "utf8"));
    const total = Object.values(gpt.stateDict()).reduce((n, t) => n + 4 * t.size, 0);
    expect(index.metadata.total_size).toBe(total);
    expect(Array.from((loadModel(dir).model as GPT).forward(ids).data)).toEqual(Array.from(gpt.eval().forward(ids).data));
    saveCheckpoint(dir, gpt); // back to one file: the shards go
    expect(readdirSync(dir).filter((f) => f.startsWith("model-"))).toEqual([]);
  });

  it("a float64 model is saved as F64 and loads back as float64, bit for bit", () => {
    const gpt = new GPT({ vocabSize: 11, nPositions: 16, nEmbd: 8, nHead: 2 }, new Rng(7)).to("float64");
    for (const p of gpt.parameters()) p.data.forEach((v, i) => (p.data[i] = v / 3)); // values float32 cannot hold
    const dir = join(scratch, "w-f64");
    saveCheckpoint(dir, gpt);
    const back = loadModel(dir).model as GPT;
    expect(back.dtype).toBe("float64");
    expect(Array.from(back.forward(ids).data)).toEqual(Array.from(gpt.eval().forward(ids).data));
    expect(() => loadModel(dir, { dtype: "float32" })).toThrow(/float64 values but the model is float32/);
  });
});
