// qkv text: tokenizers (char, word, BPE, WordPiece) as pipelines normalize -> pre-tokenize -> model
// -> post-process -> decode; special tokens; tokenizer.json; GPT-2 and BERT pretrained vocabularies;
// batching with attention masks (true = may be attended to) and masked-LM masking.
// Only what is listed here is public; the rest of src/text is internal.
export { Tokenizer } from "./tokenizer.js";
export type { Encoding, EncodeOptions, BatchEncodeOptions, DecodeOptions, TokenizerParts } from "./tokenizer.js";
export { Vocab } from "./vocab.js";
export { BYTE_TO_CHAR, CHAR_TO_BYTE, bytesToVisible, visibleToText } from "./byte-level.js";
export {
  BertNormalizer,
  LowercaseNormalizer,
  NfcNormalizer,
  NfdNormalizer,
  StripAccentsNormalizer,
  SequenceNormalizer,
} from "./normalize.js";
export type { Normalizer, BertNormalizerOptions } from "./normalize.js";
export { WhitespacePreTokenizer, WhitespaceSplitPreTokenizer, BertPreTokenizer, ByteLevelPreTokenizer } from "./pre-tokenize.js";
export type { PreTokenizer } from "./pre-tokenize.js";
export type { TokenModel } from "./model.js";
export { CharModel } from "./char-model.js";
export { WordModel } from "./word-model.js";
export { BpeModel } from "./bpe.js";
export type { Merge } from "./bpe.js";
export { WordPieceModel } from "./wordpiece.js";
export { TemplatePostProcessor, parseTemplate } from "./post-process.js";
export { ByteLevelDecoder, WordPieceDecoder, FuseDecoder, SpaceJoinDecoder, cleanUpTokenization } from "./decode.js";
export type { Decoder } from "./decode.js";
export { BERT_SPECIAL_TOKENS, DEFAULT_SPECIAL_TOKENS, SPECIAL_TOKEN_ROLES } from "./special-tokens.js";
export type { SpecialTokens, SpecialTokenRole } from "./special-tokens.js";
export { tokenizerToJSON, tokenizerFromJSON, saveTokenizer, loadTokenizer } from "./tokenizer-json.js";
export type { TokenizerJson } from "./tokenizer-json.js";
export { parseEncoderJson, parseMerges, parseVocabTxt, readEncoderJson, readMerges, readVocabTxt } from "./vocab-files.js";
export { loadGpt2Tokenizer, loadBertTokenizer, gpt2TokenizerFromFiles, bertTokenizerFromFile, GPT2_EOS, TOKENIZER_DIR } from "./pretrained.js";
export { buildCharTokenizer, buildWordTokenizer } from "./build-vocab.js";
export type { VocabBuildOptions } from "./build-vocab.js";
export { trainBpeTokenizer } from "./bpe-train.js";
export type { MergeStep, BpeTrainOptions, BpeTraining } from "./bpe-train.js";
export { trainWordPieceTokenizer } from "./wordpiece-train.js";
export type { WordPieceTrainOptions, WordPieceTraining } from "./wordpiece-train.js";
export type { TemplateKind } from "./post-process.js";
export { IGNORE_INDEX, padSequences, encodingsToBatch, tokenizeBatch, sentencePairBatch, causalLmBatch, sampleLmWindows } from "./batch.js";
export type { TokenBatch, CausalLmBatch } from "./batch.js";
export { maskTokens, maskedLmBatch, maskedLmOptions } from "./mlm.js";
export type { MaskedLmOptions, MaskedLmBatch } from "./mlm.js";
