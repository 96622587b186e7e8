// fromPretrained / savePretrained / listPretrained: the layout, the round trip, and an error naming the
// file for every kind of damage or mismatch. Models here are built directly (random weights), so the
// file runs in about a second; tests/io/zoo-recipes.test.ts covers the recipes.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  BERT, GPT, Rng, Transformer, buildCharTokenizer, buildWordTokenizer, fromPretrained, listPretrained, noGrad, parseCard,
  savePretrained, tensor, trainWordPieceTokenizer, type ModelCard,
} from "qkv";

const scratch = mkdtempSync(join(tmpdir(), "qkv-zoo-api-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A path relative to the working directory, starting with "./" or "../". */
const relativePath = (p: string) => {
  const r = relative(process.cwd(), p);
  return r.startsWith("..") ? r : `./${r}`;
};

const TEXT = "Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse.";
const charTok = buildCharTokenizer(TEXT, { specialTokens: { unk: "[UNK]" } });
const card: ModelCard = { summary: "A test GPT on one sentence", license: "MIT", example: "Call me", tags: ["test"], body: "## Model\n\nTiny." };

function gpt(seed = 1): GPT {
  return new GPT({ vocabSize: charTok.vocabSize, nPositions: 16, nEmbd: 8, nLayer: 1, nHead: 2 }, new Rng(seed));
}

/** A fresh zoo with a GPT (with card) named "toy-gpt" and one (without card) named "bare-gpt". */
function freshZoo(name: string): string {
  const zoo = join(scratch, name);
  savePretrained(join(zoo, "toy-gpt"), { model: gpt(), tokenizer: charTok, card });
  savePretrained(join(zoo, "bare-gpt"), { model: gpt(2), tokenizer: charTok });
  return zoo;
}

describe("savePretrained", () => {
  it("writes config.json, model.safetensors, tokenizer.json and a card whose files table matches the files", () => {
    const zoo = freshZoo("layout");
    const dir = join(zoo, "toy-gpt");
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    expect(config.model_type).toBe("gpt2");
    expect(config.architectures).toEqual(["GPT2LMHeadModel"]);
    expect(config.vocab_size).toBe(charTok.vocabSize);
    const parsed = parseCard(readFileSync(join(dir, "README.md"), "utf8"));
    expect(parsed.files.map((f) => f.file)).toEqual(["config.json", "model.safetensors", "tokenizer.json"]);
    for (const f of parsed.files) expect(f.bytes).toBe(statSync(join(dir, f.file)).size);
    expect(parsed.summary).toBe(card.summary);
    expect(parsed.example).toBe("Call me");
    expect(parsed.meta.license).toBe("MIT");
    expect(parsed.meta.tags).toEqual(["test"]);
    expect(parsed.text).toContain("# toy-gpt");
    expect(parsed.text).toContain("## Model");
  });

  it("refuses a tokenizer of another size, a non-model, unknown fields, a multi-line summary, a Transformer without its target tokenizer", () => {
    const other = buildCharTokenizer("abc", { specialTokens: { unk: "[UNK]" } });
    expect(() => savePretrained(join(scratch, "x1"), { model: gpt(), tokenizer: other })).toThrow(/savePretrained: the tokenizer has 4 tokens but the model's vocabSize is \d+/);
    expect(() => savePretrained(join(scratch, "x2"), { model: {} as GPT, tokenizer: charTok })).toThrow(/savePretrained: model must be a GPT, BERT or Transformer, got Object/);
    expect(() => savePretrained(join(scratch, "x3"), { model: gpt(), tokenizer: charTok, cards: card } as never)).toThrow(/unknown field "cards"/);
    expect(() => savePretrained(join(scratch, "x4"), { model: gpt(), tokenizer: charTok, card: { ...card, summary: "a\nb" } })).toThrow(/card.summary must be one line/);
    expect(() => savePretrained(join(scratch, "x5"), { model: gpt(), tokenizer: charTok, card: { ...card, license: "" } })).toThrow(/card.license must be a non-empty string/);
    const t = new Transformer({ srcVocabSize: charTok.vocabSize, tgtVocabSize: 5, dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8 }, new Rng(1));
    expect(() => savePretrained(join(scratch, "x6"), { model: t, tokenizer: charTok })).toThrow(/needs targetTokenizer/);
    expect(() => savePretrained(join(scratch, "x7"), { model: gpt(), tokenizer: charTok, targetTokenizer: charTok })).toThrow(/targetTokenizer is for encoder-decoder/);
  });
});

describe("fromPretrained", () => {
  it("loads by zoo name or by path, with logits identical to the saved model's", () => {
    const zoo = freshZoo("roundtrip");
    const original = gpt();
    const ids = tensor([charTok.encode("Call me Ishmael")], { dtype: "int32" });
    const want = noGrad(() => original.forward(ids)).toArray();
    for (const p of [fromPretrained("toy-gpt", { zooDir: zoo }), fromPretrained(join(zoo, "toy-gpt")), fromPretrained(relativePath(join(zoo, "toy-gpt")))]) {
      expect(p.model).toBeInstanceOf(GPT);
      expect(p.model.training).toBe(false);
      expect(noGrad(() => (p.model as GPT).forward(ids)).toArray()).toEqual(want);
      expect(p.tokenizer.encode("Call me")).toEqual(charTok.encode("Call me"));
      expect(p.config.n_embd).toBe(8);
      expect(p.targetTokenizer).toBeNull();
      expect(p.card?.summary).toBe(card.summary);
    }
    expect(fromPretrained("bare-gpt", { zooDir: zoo }).card).toBeNull();
  });

  it("loads BERT (masked LM and classifier) and the encoder-decoder with its two tokenizers", () => {
    const zoo = join(scratch, "kinds");
    const { tokenizer: wp } = trainWordPieceTokenizer([TEXT, "the whale and the sea and the ship"], { vocabSize: 60 });
    const mlm = new BERT({ vocabSize: wp.vocabSize, hiddenSize: 8, numHiddenLayers: 1, numAttentionHeads: 2, pooler: false }, new Rng(3));
    const cls = new BERT({ vocabSize: wp.vocabSize, hiddenSize: 8, numHiddenLayers: 1, numAttentionHeads: 2, numLabels: 2, labelNames: ["negative", "positive"], mlmHead: false }, new Rng(4));
    const phon = buildWordTokenizer(["K AE T", "D AO G"], { lowercase: false, specialTokens: { pad: "<pad>", unk: "<unk>", bos: "<s>", eos: "</s>" } });
    const letters = buildCharTokenizer(["cat", "dog"], { specialTokens: { pad: "<pad>", unk: "<unk>" } });
    const s2s = new Transformer({ srcVocabSize: letters.vocabSize, tgtVocabSize: phon.vocabSize, dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 8 }, new Rng(5));
    savePretrained(join(zoo, "mlm"), { model: mlm, tokenizer: wp, card: { ...card, example: "the [MASK] and the sea" } });
    savePretrained(join(zoo, "cls"), { model: cls, tokenizer: wp, card });
    savePretrained(join(zoo, "s2s"), { model: s2s, tokenizer: letters, targetTokenizer: phon, card });
    expect(JSON.parse(readFileSync(join(zoo, "cls", "config.json"), "utf8")).architectures).toEqual(["BertForSequenceClassification"]);
    const a = fromPretrained("mlm", { zooDir: zoo });
    expect((a.model as BERT).cls).not.toBeNull();
    const b = fromPretrained("cls", { zooDir: zoo });
    expect((b.model as BERT).config.labelNames).toEqual(["negative", "positive"]);
    const c = fromPretrained("s2s", { zooDir: zoo });
    expect(c.model).toBeInstanceOf(Transformer);
    expect(c.targetTokenizer?.encode("K AE T")).toEqual(phon.encode("K AE T"));
    expect(parseCard(readFileSync(join(zoo, "s2s", "README.md"), "utf8")).files.map((f) => f.file)).toContain("target_tokenizer.json");
  });

  it("an unknown name lists the zoo's names; an empty zoo says so; a wrong path says it is not a folder", () => {
    const zoo = freshZoo("names");
    expect(() => fromPretrained("gpt-nope", { zooDir: zoo })).toThrow(/fromPretrained: no model named "gpt-nope" in the zoo; available: bare-gpt, toy-gpt/);
    const empty = join(scratch, "empty-zoo");
    mkdirSync(empty, { recursive: true });
    expect(() => fromPretrained("gpt-moby-char", { zooDir: empty })).toThrow(/no model named "gpt-moby-char".*holds no model yet/);
    expect(() => fromPretrained(join(scratch, "nowhere"))).toThrow(/nowhere is not a folder/);
    expect(() => fromPretrained("", { zooDir: zoo })).toThrow(/expected a zoo model name or a folder path/);
    expect(() => fromPretrained("toy-gpt", { zooDir: zoo, dtyp: "float64" } as never)).toThrow(/unknown option "dtyp"/);
  });

  describe("a damaged or mismatched file is an error naming the file and what is wrong", () => {
    const base = freshZoo("damage");
    let n = 0;
    /** A copy of toy-gpt (with its card) or bare-gpt (no card), to damage. */
    const copy = (withCard: boolean) => {
      const dir = join(scratch, `damaged-${n++}`);
      cpSync(join(base, withCard ? "toy-gpt" : "bare-gpt"), dir, { recursive: true });
      return dir;
    };

    it("a file whose sha256 differs from the card's (same size)", () => {
      const dir = copy(true);
      const bytes = readFileSync(join(dir, "model.safetensors"));
      bytes[bytes.length - 1] ^= 0x01;
      writeFileSync(join(dir, "model.safetensors"), bytes);
      expect(() => fromPretrained(dir)).toThrow(/model\.safetensors: sha256 [0-9a-f]{64} differs from README\.md's [0-9a-f]{64}/);
    });

    it("a truncated safetensors file, with and without a card", () => {
      for (const withCard of [true, false]) {
        const dir = copy(withCard);
        const bytes = readFileSync(join(dir, "model.safetensors"));
        writeFileSync(join(dir, "model.safetensors"), bytes.subarray(0, bytes.length - 10));
        expect(() => fromPretrained(dir)).toThrow(withCard ? /model\.safetensors: \d+ bytes, but README\.md says \d+/ : /model\.safetensors/);
      }
    });

    it("config.json that is not JSON (no card)", () => {
      const dir = copy(false);
      writeFileSync(join(dir, "config.json"), "{ not json");
      expect(() => fromPretrained(dir)).toThrow(/config\.json is not valid JSON/);
    });

    it("a config that does not match the weights' shapes", () => {
      const dir = copy(false);
      const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
      writeFileSync(join(dir, "config.json"), JSON.stringify({ ...config, n_embd: 12, n_head: 2 }));
      expect(() => fromPretrained(dir)).toThrow(/model\.safetensors against .*config\.json: [\s\S]*mis-shaped keys \(16\): wte\.weight: got \(\d+,8\), expected \(\d+,12\)/);
    });

    it("a tokenizer whose vocabulary size differs from config.json's vocab_size", () => {
      const dir = copy(false);
      const other = buildCharTokenizer("xyz", { specialTokens: { unk: "[UNK]" } });
      savePretrained(join(scratch, "tmp-tok"), { model: new GPT({ vocabSize: 4, nEmbd: 8, nLayer: 1, nHead: 2 }, new Rng(1)), tokenizer: other });
      copyFileSync(join(scratch, "tmp-tok", "tokenizer.json"), join(dir, "tokenizer.json"));
      expect(() => fromPretrained(dir)).toThrow(/tokenizer\.json has 4 tokens, but .*config\.json says vocab_size = \d+: the tokenizer and the model do not belong together/);
    });

    it("a missing tokenizer.json, and a missing file the card lists", () => {
      const dir = copy(false);
      rmSync(join(dir, "tokenizer.json"));
      expect(() => fromPretrained(dir)).toThrow(/missing .*tokenizer\.json/);
      const dir2 = copy(true);
      rmSync(join(dir2, "tokenizer.json"));
      expect(() => fromPretrained(dir2)).toThrow(/tokenizer\.json: listed in README\.md but missing/);
    });
  });
});

describe("listPretrained", () => {
  it("one entry per model folder: name, architecture, parameters from the header, the card's summary, on one line", () => {
    const zoo = freshZoo("list");
    mkdirSync(join(zoo, "not-a-model"));
    const list = listPretrained({ zooDir: zoo });
    expect(list.map((e) => e.name)).toEqual(["bare-gpt", "toy-gpt"]);
    const toy = list[1];
    expect(toy.architecture).toBe("GPT2LMHeadModel");
    expect(toy.parameters).toBe(gpt().numParameters());
    expect(toy.summary).toBe(card.summary);
    expect(toy.line).toMatch(/^toy-gpt\s+GPT2LMHeadModel\s+[\d,]+ params\s+A test GPT on one sentence$/);
    expect(list[0].summary).toBe("(no model card)");
    expect(listPretrained({ zooDir: join(scratch, "no-such-zoo") })).toEqual([]);
  });
});
