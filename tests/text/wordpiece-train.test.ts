// Training a WordPiece vocabulary: a hand-computed case, determinism, the files it writes, and the
// oracle (Hugging Face's tokenizers.js reading our tokenizer.json gives the same ids).
import { describe, expect, it } from "vitest";
import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import { tokenizerFromJSON, tokenizerToJSON, trainWordPieceTokenizer } from "../../src/text/index.js";
import { loadMobyDick } from "../../src/data/index.js";
import { agreementSentences } from "./sentences.js";

describe("trainWordPieceTokenizer", () => {
  it("merges the most frequent pair first, dropping the ## of the right-hand piece (hand-computed)", () => {
    // words: hug x3, pug, pun, bun -> h ##u ##g (3), p ##u ##g, p ##u ##n, b ##u ##n
    // pair counts: (##u,##g)=4, (h,##u)=3, (p,##u)=2, (##u,##n)=2, (b,##u)=1 -> "##ug";
    // then (h,##ug)=3 -> "hug"; then (##u,##n)=2 -> "##un"; every pair left occurs once (< minFrequency 2)
    const { tokenizer, history } = trainWordPieceTokenizer("hug hug hug pug pun bun", { vocabSize: 100 });
    expect(history.map((h) => [h.pair, h.token, h.count])).toEqual([
      [["##u", "##g"], "##ug", 4],
      [["h", "##ug"], "hug", 3],
      [["##u", "##n"], "##un", 2],
    ]);
    // specials first, then the alphabet (most frequent first, ties alphabetical), then the merged pieces
    expect(tokenizer.model.vocab.list()).toEqual([
      "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
      "##u", "##g", "h", "##n", "p", "b", "##ug", "hug", "##un",
    ]);
    const enc = tokenizer.encodePlus("Hug pun, bug!");
    expect(enc.tokens).toEqual(["[CLS]", "hug", "p", "##un", "[UNK]", "b", "##ug", "[UNK]", "[SEP]"]);
    expect(tokenizer.decode(tokenizer.encode("hug pun"), { skipSpecialTokens: true })).toBe("hug pun");
  });

  it("stops at vocabSize, and is deterministic", () => {
    const text = loadMobyDick().slice(0, 20_000);
    const a = trainWordPieceTokenizer(text, { vocabSize: 300 }).tokenizer;
    const b = trainWordPieceTokenizer(text, { vocabSize: 300 }).tokenizer;
    expect(a.vocabSize).toBe(300);
    expect(a.model.vocab.list()).toEqual(b.model.vocab.list());
    expect(a.model.vocab.list().filter((t) => t.startsWith("##")).length).toBeGreaterThan(10);
  });

  it("its tokenizer.json loads in Hugging Face's library and in qkv with the same ids", () => {
    const trained = trainWordPieceTokenizer(loadMobyDick().slice(0, 30_000), { vocabSize: 500 }).tokenizer;
    const json = tokenizerToJSON(trained);
    const hf = new HfTokenizer(JSON.parse(JSON.stringify(json)), {});
    const reloaded = tokenizerFromJSON(JSON.parse(JSON.stringify(json)), "trained WordPiece tokenizer.json");
    let mismatches = 0;
    const subset = agreementSentences().slice(0, 300);
    for (const s of subset) {
      const ours = trained.encode(s);
      if (JSON.stringify(ours) !== JSON.stringify(hf.encode(s).ids)) mismatches++;
      if (JSON.stringify(ours) !== JSON.stringify(reloaded.encode(s))) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("rejects bad options with a message that names them", () => {
    expect(() => trainWordPieceTokenizer("a b", { vocabSize: 3 })).toThrow(/vocabSize must be an integer > 5 \(the special tokens\), got 3/);
    expect(() => trainWordPieceTokenizer("a b", { vocabSize: 10.5 })).toThrow(/vocabSize must be an integer/);
    expect(() => trainWordPieceTokenizer("a b", { vocabSize: 50, minFrequency: 0 })).toThrow(/minFrequency must be an integer >= 1, got 0/);
    expect(() => trainWordPieceTokenizer("a b", { vocabSize: 50, specialTokens: { pad: "[PAD]" } })).toThrow(/needs a unk token/);
  });
});
