// The reference: Hugging Face's tokenizers.js (@huggingface/tokenizers 0.2), configured here by hand
// with the settings of the published gpt2 and bert-base-uncased tokenizer.json files, and fed the same
// vocabulary files as qkv. The configs are written out in full (not produced by qkv's own
// serializer) so that a wrong setting in qkv cannot hide behind the same wrong setting in the oracle.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer as HfTokenizer } from "@huggingface/tokenizers";
import { TOKENIZER_DIR } from "../../src/text/index.js";

let gpt2: HfTokenizer | null = null;
let bert: HfTokenizer | null = null;

/** GPT-2's tokenizer.json as Hugging Face publishes it (settings), with the vocabulary files of data/. */
export function gpt2TokenizerJson(): Record<string, unknown> {
  const vocab = JSON.parse(readFileSync(join(TOKENIZER_DIR, "gpt2/encoder.json"), "utf8")) as Record<string, number>;
  const merges = readFileSync(join(TOKENIZER_DIR, "gpt2/vocab.bpe"), "utf8")
    .split("\n")
    .slice(1)
    .filter((l) => l.length > 0);
  const json = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: [{ id: 50256, content: "<|endoftext|>", single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: "ByteLevel", add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: "", end_of_word_suffix: "", fuse_unk: false, byte_fallback: false, vocab, merges },
  };
  return json;
}

export function hfGpt2(): HfTokenizer {
  gpt2 ??= new HfTokenizer(gpt2TokenizerJson(), { clean_up_tokenization_spaces: false });
  return gpt2;
}

/** bert-base-uncased's tokenizer.json as Hugging Face publishes it (settings), with data/'s vocab.txt. */
export function bertTokenizerJson(): Record<string, unknown> {
  const lines = readFileSync(join(TOKENIZER_DIR, "bert-base-uncased/vocab.txt"), "utf8").split("\n");
  lines.pop();
  const vocab: Record<string, number> = Object.create(null);
  lines.forEach((t, i) => (vocab[t] = i));
  const special = (content: string) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const json = {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: { "[CLS]": { id: "[CLS]", ids: [vocab["[CLS]"]], tokens: ["[CLS]"] }, "[SEP]": { id: "[SEP]", ids: [vocab["[SEP]"]], tokens: ["[SEP]"] } },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
  };
  return json;
}

export function hfBert(): HfTokenizer {
  bert ??= new HfTokenizer(bertTokenizerJson(), { clean_up_tokenization_spaces: true });
  return bert;
}
