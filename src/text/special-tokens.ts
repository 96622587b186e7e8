/**
 * Special tokens: tokens with a job rather than a meaning. [PAD] fills short sequences, [UNK] stands
 * for anything outside the vocabulary, [CLS] starts a BERT input (its vector summarizes the text),
 * [SEP] ends a segment, [MASK] hides a token for masked-language-model training, and BOS/EOS mark
 * the beginning and end of a text for GPT-style models.
 */

/** Which token string plays which role; a tokenizer may lack some roles (GPT-2 has no [MASK]). */
export interface SpecialTokens {
  pad?: string;
  unk?: string;
  cls?: string;
  sep?: string;
  mask?: string;
  bos?: string;
  eos?: string;
}

export type SpecialTokenRole = keyof SpecialTokens;
export const SPECIAL_TOKEN_ROLES: readonly SpecialTokenRole[] = ["pad", "unk", "cls", "sep", "mask", "bos", "eos"];

/** BERT's special tokens. */
export const BERT_SPECIAL_TOKENS: Readonly<SpecialTokens> = { pad: "[PAD]", unk: "[UNK]", cls: "[CLS]", sep: "[SEP]", mask: "[MASK]" };

/** What the course's own tokenizers (char, word, BPE) reserve at ids 0..6, in this order. */
export const DEFAULT_SPECIAL_TOKENS: Readonly<SpecialTokens> = {
  pad: "[PAD]",
  unk: "[UNK]",
  cls: "[CLS]",
  sep: "[SEP]",
  mask: "[MASK]",
  bos: "[BOS]",
  eos: "[EOS]",
};

/** The distinct token strings of `special`, in role order. */
export function specialTokenList(special: SpecialTokens): string[] {
  const out: string[] = [];
  for (const role of SPECIAL_TOKEN_ROLES) {
    const t = special[role];
    if (t !== undefined && !out.includes(t)) out.push(t);
  }
  return out;
}
