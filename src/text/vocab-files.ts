/**
 * Readers for the vocabulary files the pretrained tokenizers ship as: GPT-2's encoder.json
 * ({ token: id }) and vocab.bpe (one merge "a b" a line after a "#version" header), and BERT's
 * vocab.txt (one token a line; the line number is the id). Each check names the file and the line.
 */
import { readFileSync } from "node:fs";
import { QkvError } from "../tensor/errors.js";
import { type Merge, splitMerge } from "./bpe.js";
import { Vocab } from "./vocab.js";

/** A UTF-8 file's text; an unreadable file names `what` (the caller) and the path. */
export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new QkvError(`${what}: cannot read ${path}: ${(e as Error).message}`);
  }
}

/** encoder.json: a JSON object mapping each token to its id, ids 0..n-1. */
export function parseEncoderJson(text: string, where: string): Vocab {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new QkvError(`${where}: not valid JSON: ${(e as Error).message}`);
  }
  return Vocab.fromObject(obj, where);
}

/** vocab.bpe: optional "#version" line, then "a b" per line, in rank order; blank lines ignored. */
export function parseMerges(text: string, where: string): Merge[] {
  const merges: Merge[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.length === 0 || (i === 0 && line.startsWith("#version"))) return;
    const merge = splitMerge(line);
    if (merge === null) {
      throw new QkvError(`${where}: line ${i + 1} ${JSON.stringify(line.slice(0, 60))} is not a merge (two tokens separated by one space)`);
    }
    merges.push(merge);
  });
  if (merges.length === 0) throw new QkvError(`${where}: no merges found (empty or truncated file?)`);
  return merges;
}

/** vocab.txt: one token a line, id = line number - 1. A trailing newline is allowed, empty lines are not. */
export function parseVocabTxt(text: string, where: string): Vocab {
  const lines = text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const tokens = lines.map((l, i) => {
    const t = l.endsWith("\r") ? l.slice(0, -1) : l;
    if (t.length === 0) throw new QkvError(`${where}: line ${i + 1} is empty; every line must hold one token`);
    return t;
  });
  if (tokens.length === 0) throw new QkvError(`${where}: the vocabulary is empty`);
  return new Vocab(tokens, where);
}

export function readEncoderJson(path: string): Vocab {
  return parseEncoderJson(readText(path, "readEncoderJson"), path);
}
export function readMerges(path: string): Merge[] {
  return parseMerges(readText(path, "readMerges"), path);
}
export function readVocabTxt(path: string): Vocab {
  return parseVocabTxt(readText(path, "readVocabTxt"), path);
}
