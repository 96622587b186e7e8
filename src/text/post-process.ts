/**
 * Stage 4 of a tokenizer: post-process. Adds the special tokens a model expects around the token ids
 * and says which segment each position belongs to (token type ids): BERT wants
 * `[CLS] A [SEP]` for one text and `[CLS] A [SEP] B [SEP]` for a pair, with type 0 for the first
 * segment and 1 for the second. Templates use Hugging Face's TemplateProcessing form.
 */
import { QkvError } from "../tensor/errors.js";
import type { Vocab } from "./vocab.js";

export type TemplatePiece = { SpecialToken: { id: string; type_id: number } } | { Sequence: { id: "A" | "B"; type_id: number } };

export interface PostProcessorConfig {
  type: "TemplateProcessing";
  single: TemplatePiece[];
  pair: TemplatePiece[];
  special_tokens: Record<string, { id: string; ids: number[]; tokens: string[] }>;
}

export interface PostProcessed {
  ids: number[];
  typeIds: number[];
  /** true where a special token was added by the template. */
  specialTokensMask: boolean[];
}

export class TemplatePostProcessor {
  /**
   * `single`/`pair` are written like "[CLS] $A [SEP]" and "[CLS] $A [SEP] $B:1 [SEP]:1" (":n" sets the
   * token type id); `specialIds` gives the id of each special token used.
   */
  constructor(
    readonly single: TemplatePiece[],
    readonly pair: TemplatePiece[],
    readonly specialIds: ReadonlyMap<string, number>,
  ) {
    for (const piece of [...single, ...pair]) {
      if ("SpecialToken" in piece && !specialIds.has(piece.SpecialToken.id)) {
        throw new QkvError(`post-processor: template uses special token ${JSON.stringify(piece.SpecialToken.id)} that has no id`);
      }
    }
  }

  static fromStrings(single: string, pair: string, specialIds: ReadonlyMap<string, number>): TemplatePostProcessor {
    return new TemplatePostProcessor(parseTemplate(single), parseTemplate(pair), specialIds);
  }

  /** How many special tokens the template adds (for the truncation budget). */
  addedTokens(isPair: boolean): number {
    return (isPair ? this.pair : this.single).filter((p) => "SpecialToken" in p).length;
  }

  process(a: number[], b: number[] | null, addSpecialTokens: boolean): PostProcessed {
    if (!addSpecialTokens) return concatSegments(a, b);
    const out: PostProcessed = { ids: [], typeIds: [], specialTokensMask: [] };
    for (const piece of b === null ? this.single : this.pair) {
      if ("SpecialToken" in piece) {
        push(out, this.specialIds.get(piece.SpecialToken.id)!, piece.SpecialToken.type_id, true);
      } else {
        const seq = piece.Sequence.id === "A" ? a : b;
        if (seq === null) throw new QkvError(`post-processor: the pair template uses $B but no second text was given`);
        for (const id of seq) push(out, id, piece.Sequence.type_id, false);
      }
    }
    return out;
  }

  toJSON(): PostProcessorConfig {
    const special_tokens: PostProcessorConfig["special_tokens"] = {};
    for (const piece of [...this.single, ...this.pair]) {
      if ("SpecialToken" in piece) {
        const t = piece.SpecialToken.id;
        special_tokens[t] = { id: t, ids: [this.specialIds.get(t)!], tokens: [t] };
      }
    }
    return { type: "TemplateProcessing", single: this.single, pair: this.pair, special_tokens };
  }
}

/** No template: the two segments one after the other, type ids 0 and 1, nothing special. */
export function concatSegments(a: readonly number[], b: readonly number[] | null): PostProcessed {
  const out: PostProcessed = { ids: [], typeIds: [], specialTokensMask: [] };
  for (const id of a) push(out, id, 0, false);
  if (b !== null) for (const id of b) push(out, id, 1, false);
  return out;
}

function push(out: PostProcessed, id: number, typeId: number, special: boolean): void {
  out.ids.push(id);
  out.typeIds.push(typeId);
  out.specialTokensMask.push(special);
}

/** "[CLS] $A [SEP] $B:1 [SEP]:1" -> template pieces. */
export function parseTemplate(template: string): TemplatePiece[] {
  if (typeof template !== "string") throw new QkvError(`parseTemplate: template must be a string such as "[CLS] $A [SEP]", got ${typeof template}`);
  return template
    .split(/\s+/)
    .filter((s) => s.length > 0)
    .map((word) => {
      const m = /^(.*?)(?::(\d+))?$/.exec(word)!;
      const name = m[1];
      const typeId = m[2] === undefined ? 0 : Number(m[2]);
      if (name === "$A" || name === "$B") return { Sequence: { id: name === "$A" ? "A" : "B", type_id: typeId } } as TemplatePiece;
      if (name.startsWith("$")) throw new QkvError(`post-processor: template piece ${JSON.stringify(word)}: sequences are $A or $B`);
      return { SpecialToken: { id: name, type_id: typeId } } as TemplatePiece;
    });
}

/** Rebuilds a post-processor from tokenizer.json; ByteLevel (GPT-2's, which adds nothing) gives null. */
export function postProcessorFromJSON(config: unknown, where: string): TemplatePostProcessor | null {
  if (config === null || config === undefined) return null;
  const c = config as Record<string, unknown>;
  if (c.type === "ByteLevel") return null;
  if (c.type === "BertProcessing") {
    const cls = c.cls as [string, number] | undefined;
    const sep = c.sep as [string, number] | undefined;
    if (!Array.isArray(cls) || !Array.isArray(sep)) throw new QkvError(`${where}: BertProcessing needs "cls" and "sep" as [token, id]`);
    return wrapTemplate(cls[0], sep[0], new Map([cls, sep]));
  }
  if (c.type !== "TemplateProcessing") {
    throw new QkvError(`${where}: unsupported post_processor type ${JSON.stringify(c.type)} (supported: TemplateProcessing, BertProcessing, ByteLevel)`);
  }
  if (!Array.isArray(c.single) || !Array.isArray(c.pair)) throw new QkvError(`${where}: TemplateProcessing needs "single" and "pair" lists`);
  const specials = (c.special_tokens ?? {}) as Record<string, { ids?: unknown }>;
  const ids = new Map<string, number>();
  for (const [name, entry] of Object.entries(specials)) {
    const list = entry?.ids;
    if (!Array.isArray(list) || list.length !== 1 || !Number.isInteger(list[0])) {
      throw new QkvError(`${where}: post_processor special token ${JSON.stringify(name)} must have "ids": [one integer]`);
    }
    ids.set(name, list[0] as number);
  }
  return new TemplatePostProcessor(c.single as TemplatePiece[], c.pair as TemplatePiece[], ids);
}

/** Ready-made templates: "bert" = [CLS] A [SEP] (B [SEP]); "gpt" = [BOS] A [EOS] (B [EOS]). */
export type TemplateKind = "bert" | "gpt";

/** The post-processor of a ready-made template, with the special tokens' ids taken from `vocab`. */
export function templatePostProcessor(kind: TemplateKind, special: { cls?: string; sep?: string; bos?: string; eos?: string }, vocab: Vocab): TemplatePostProcessor {
  const [first, last] = kind === "bert" ? [special.cls, special.sep] : [special.bos, special.eos];
  if (first === undefined || last === undefined) {
    throw new QkvError(`post-processor: template "${kind}" needs the ${kind === "bert" ? "cls and sep" : "bos and eos"} special tokens`);
  }
  const ids = new Map<string, number>();
  for (const t of [first, last]) {
    const id = vocab.id(t);
    if (id === undefined) throw new QkvError(`post-processor: special token ${JSON.stringify(t)} is not in the vocabulary`);
    ids.set(t, id);
  }
  return wrapTemplate(first, last, ids);
}

/** `first A last` for one text, `first A last B last` (B with type id 1) for a pair. */
function wrapTemplate(first: string, last: string, ids: ReadonlyMap<string, number>): TemplatePostProcessor {
  return TemplatePostProcessor.fromStrings(`${first} $A ${last}`, `${first} $A ${last} $B:1 ${last}:1`, ids);
}
