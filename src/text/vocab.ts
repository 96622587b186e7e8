/** A vocabulary: the two-way map between token strings and integer ids. */
import { QkvError, describeValue } from "../tensor/errors.js";

export class Vocab {
  private readonly idOf = new Map<string, number>();
  private readonly tokens: string[] = [];

  /**
   * `tokens[i]` gets id i. Duplicates are an error (two ids for one string make decoding ambiguous);
   * `where` names the source (a file, a corpus) in the message.
   */
  constructor(tokens: readonly string[], where = "vocabulary") {
    if (!Array.isArray(tokens)) throw new QkvError(`Vocab: tokens must be an array of strings (id i is tokens[i]), got ${describeValue(tokens)}`);
    tokens.forEach((t, i) => {
      if (typeof t !== "string" || t.length === 0) {
        throw new QkvError(`${where}: entry ${i} is ${JSON.stringify(t)}; every token must be a non-empty string`);
      }
      const prev = this.idOf.get(t);
      if (prev !== undefined) throw new QkvError(`${where}: token ${JSON.stringify(t)} appears twice (ids ${prev} and ${i})`);
      this.idOf.set(t, i);
      this.tokens.push(t);
    });
  }

  /** From a { token: id } object (encoder.json, tokenizer.json "vocab"): ids must be exactly 0..n-1. */
  static fromObject(obj: unknown, where: string): Vocab {
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
      throw new QkvError(`${where}: the vocabulary must be a JSON object { "token": id, ... }, got ${Array.isArray(obj) ? "an array" : typeof obj}`);
    }
    const entries = Object.entries(obj as Record<string, unknown>);
    const tokens: string[] = new Array(entries.length);
    for (const [token, id] of entries) {
      if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= entries.length) {
        throw new QkvError(`${where}: token ${JSON.stringify(token)} has id ${JSON.stringify(id)}; ids must be integers 0..${entries.length - 1}`);
      }
      if (tokens[id] !== undefined) throw new QkvError(`${where}: id ${id} is used by both ${JSON.stringify(tokens[id])} and ${JSON.stringify(token)}`);
      tokens[id] = token;
    }
    return new Vocab(tokens, where);
  }

  get size(): number {
    return this.tokens.length;
  }
  id(token: string): number | undefined {
    return this.idOf.get(token);
  }
  token(id: number): string | undefined {
    return this.tokens[id];
  }
  has(token: string): boolean {
    return this.idOf.has(token);
  }
  /** All tokens in id order. */
  list(): readonly string[] {
    return this.tokens;
  }
  toObject(): Record<string, number> {
    // no prototype: a token named "__proto__" must stay an ordinary key
    const obj = Object.create(null) as Record<string, number>;
    this.tokens.forEach((t, i) => (obj[t] = i));
    return obj;
  }
}
