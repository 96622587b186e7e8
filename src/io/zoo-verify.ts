/**
 * Checking the zoo (`npm run zoo -- verify`, and tests/io/zoo-verify.test.ts in `npm test`):
 *
 * 1. models/README.md's index (the table between the zoo-index markers) and the model folders agree:
 *    a shipped model whose folder is gone, or a folder nobody listed, is an error. An empty zoo passes
 *    only while the index lists no model (nothing has shipped yet), and the report says so.
 * 2. Every model folder has a card whose "## Files" table lists every other file in the folder, each with
 *    the right size and sha256.
 * 3. fromPretrained loads each model, and a forward pass on a real sentence (the card's example) gives
 *    finite outputs.
 */
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { QkvError, type Tensor, noGrad, tensor } from "../tensor/index.js";
import { BERT, GPT, Transformer } from "../models/index.js";
import type { Tokenizer } from "../text/index.js";
import {
  CARD_FILE, ZOO_DIR, checkCardFiles, formatCount, fromPretrained, listPretrained, parseCard, zooNames,
  type PretrainedEntry, type PretrainedModel,
} from "./pretrained.js";

export const INDEX_START = "<!-- zoo-index:start -->";
export const INDEX_END = "<!-- zoo-index:end -->";
/** models/ may hold at most this many bytes in all (plain files in git, no LFS). */
export const ZOO_BUDGET_BYTES = 40_000_000;

/** The zoo's own README (the index); not a model. */
export const ZOO_README = "README.md";

/** Inputs for the smoke test when a card gives none. */
export const DEFAULT_EXAMPLES = {
  gpt: "Call me Ishmael. Some years ago, never mind how long precisely",
  mlm: "the whale swam under the [MASK] and the sailors watched.",
  classifier: "the food was great and the service was friendly.",
  seq2seq: "whale",
} as const;

export interface ModelCheck {
  name: string;
  ok: boolean;
  problems: string[];
  /** What the forward pass computed, e.g. "logits (1, 17, 82), all finite". */
  forward: string | null;
  loadMs: number;
}

export interface VerifyReport {
  ok: boolean;
  zooDir: string;
  /** True when the zoo holds no model and its index lists none (nothing has shipped yet). */
  empty: boolean;
  models: ModelCheck[];
  /** Problems that belong to no single model (the index, stray files). */
  problems: string[];
  /** The report as lines of text. */
  lines: string[];
}

/** The names listed in the zoo README's index table (rows of the form `| [name](name/) | ...`). */
export function readZooIndex(zooDir = ZOO_DIR): string[] | null {
  const path = join(zooDir, ZOO_README);
  if (!existsSync(path)) return null;
  const text = readFileSync(path, "utf8");
  const start = text.indexOf(INDEX_START);
  const end = text.indexOf(INDEX_END);
  if (start < 0 || end < start) return null;
  return [...text.slice(start, end).matchAll(/^\|\s*\[([^\]]+)\]\(/gm)].map((m) => m[1]);
}

/** The index table for these entries (the zoo README's part between the markers). */
export function zooIndexMarkdown(entries: PretrainedEntry[]): string {
  if (entries.length === 0) return "No model has shipped yet: `npm run zoo -- build <name>` makes one (see the recipes below).";
  const rows = entries.map((e) => `| [${e.name}](${e.name}/) | ${e.architecture} | ${formatCount(e.parameters)} | ${(e.bytes / 1e6).toFixed(2)} MB | ${e.summary} |`);
  return ["| model | architecture | parameters | size | what it is |", "| --- | --- | ---: | ---: | --- |", ...rows].join("\n");
}

/** Rewrites the index between the markers of zooDir/README.md from the folders present. */
export function updateZooIndex(zooDir = ZOO_DIR): void {
  const path = join(zooDir, ZOO_README);
  if (!existsSync(path)) throw new QkvError(`updateZooIndex: ${path} does not exist (it holds the zoo's index between ${INDEX_START} and ${INDEX_END})`);
  const text = readFileSync(path, "utf8");
  const start = text.indexOf(INDEX_START);
  const end = text.indexOf(INDEX_END);
  if (start < 0 || end < start) throw new QkvError(`updateZooIndex: ${path} lacks the markers ${INDEX_START} ... ${INDEX_END}`);
  const table = zooIndexMarkdown(listPretrained({ zooDir }));
  writeFileSync(path, `${text.slice(0, start + INDEX_START.length)}\n${table}\n${text.slice(end)}`);
}

function allFinite(t: Tensor): boolean {
  const d = t.data as ArrayLike<number>;
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  return true;
}

function shapeOf(t: Tensor): string {
  return `(${t.shape.join(", ")})`;
}

function ids(tokenizer: Tokenizer, text: string, limit: number): Tensor {
  const encoded = tokenizer.encode(text).slice(0, limit);
  if (encoded.length === 0) throw new QkvError(`the example ${JSON.stringify(text)} encodes to no tokens`);
  return tensor([encoded], { dtype: "int32" });
}

/** Runs the model on a real input (the card's example, else a default) and checks the outputs are finite. */
export function smokeTest(model: PretrainedModel, tokenizer: Tokenizer, targetTokenizer: Tokenizer | null, example: string | null): string {
  return noGrad(() => {
    let out: Tensor;
    let what: string;
    let text: string;
    if (model instanceof GPT) {
      text = example ?? DEFAULT_EXAMPLES.gpt;
      out = model.forward(ids(tokenizer, text, model.config.nPositions));
      what = "logits";
    } else if (model instanceof BERT) {
      const limit = model.config.maxPositionEmbeddings;
      if (model.classifier) {
        text = example ?? DEFAULT_EXAMPLES.classifier;
        out = model.classify(ids(tokenizer, text, limit));
        what = "class logits";
      } else if (model.cls) {
        text = example ?? DEFAULT_EXAMPLES.mlm;
        out = model.forward(ids(tokenizer, text, limit));
        what = "MLM logits";
      } else {
        text = example ?? DEFAULT_EXAMPLES.classifier;
        out = model.encode(ids(tokenizer, text, limit));
        what = "hidden states";
      }
    } else if (model instanceof Transformer) {
      text = example ?? DEFAULT_EXAMPLES.seq2seq;
      const src = ids(tokenizer, text, model.config.maxLen);
      const start = targetTokenizer && targetTokenizer.hasSpecial("bos") ? targetTokenizer.specialId("bos") : 0;
      out = model.forward(src, tensor([[start]], { dtype: "int32" }));
      what = "first-step logits";
    } else {
      throw new QkvError(`smokeTest: unsupported model ${(model as object).constructor.name}`);
    }
    if (!allFinite(out)) throw new QkvError(`the forward pass on ${JSON.stringify(text)} gave non-finite ${what} ${shapeOf(out)}`);
    return `${what} ${shapeOf(out)} on ${JSON.stringify(text.length > 40 ? text.slice(0, 37) + "..." : text)}: all finite`;
  });
}

function checkModel(zooDir: string, name: string): ModelCheck {
  const dir = join(zooDir, name);
  const problems: string[] = [];
  const cardPath = join(dir, CARD_FILE);
  let example: string | null = null;
  if (!existsSync(cardPath)) {
    problems.push(`${cardPath}: missing (every zoo model has a model card)`);
  } else {
    const card = parseCard(readFileSync(cardPath, "utf8"), cardPath);
    example = card.example;
    if (card.files.length === 0) problems.push(`${cardPath}: no "## Files" table with the size and sha256 of each file`);
    const listed = new Set(card.files.map((f) => f.file));
    for (const f of readdirSync(dir).sort()) {
      if (f === CARD_FILE) continue;
      if (statSync(join(dir, f)).isDirectory()) problems.push(`${join(dir, f)}: a folder inside a model folder (the layout is flat)`);
      else if (!listed.has(f)) problems.push(`${join(dir, f)}: not listed in ${CARD_FILE}'s files table`);
    }
    problems.push(...checkCardFiles(dir, card));
  }
  let forward: string | null = null;
  const t0 = performance.now();
  let loadMs = 0;
  if (problems.length === 0) {
    try {
      const p = fromPretrained(dir);
      loadMs = performance.now() - t0;
      forward = smokeTest(p.model, p.tokenizer, p.targetTokenizer, example);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return { name, ok: problems.length === 0, problems, forward, loadMs };
}

/** Checks the whole zoo (see the file comment). Never throws for a problem of the zoo: it is in the report. */
export function verifyPretrained(options: { zooDir?: string; budgetBytes?: number } = {}): VerifyReport {
  const zooDir = options.zooDir ?? ZOO_DIR;
  const budget = options.budgetBytes ?? ZOO_BUDGET_BYTES;
  const problems: string[] = [];
  const lines: string[] = [];
  if (!existsSync(zooDir)) problems.push(`${zooDir}: the zoo folder does not exist`);
  const folders = existsSync(zooDir)
    ? readdirSync(zooDir).filter((n) => !n.startsWith(".") && statSync(join(zooDir, n)).isDirectory()).sort()
    : [];
  const names = zooNames(zooDir);
  for (const f of folders) if (!names.includes(f)) problems.push(`${join(zooDir, f)}: a folder without config.json`);
  const index = readZooIndex(zooDir);
  if (index === null) {
    problems.push(`${join(zooDir, ZOO_README)}: missing, or without the index markers ${INDEX_START} ... ${INDEX_END}`);
  } else {
    for (const n of index) if (!names.includes(n)) problems.push(`${join(zooDir, ZOO_README)} lists ${n}, but ${join(zooDir, n)} is missing or has no config.json (a shipped model was lost)`);
    for (const n of names) if (!index.includes(n)) problems.push(`${join(zooDir, n)}: not listed in ${join(zooDir, ZOO_README)}'s index (run \`npm run zoo -- index\`)`);
  }
  const models = names.map((n) => checkModel(zooDir, n));
  const total = folders.reduce((sum, f) => sum + readdirSync(join(zooDir, f)).reduce((n, file) => n + statSync(join(zooDir, f, file)).size, 0), 0);
  if (total > budget) problems.push(`${zooDir}: the models take ${total.toLocaleString("en-US")} bytes, over the budget of ${budget.toLocaleString("en-US")}`);
  const empty = names.length === 0 && (index?.length ?? 0) === 0;
  if (empty) {
    lines.push(`zoo ${zooDir}: no model has shipped yet (the folder holds no model and ${ZOO_README}'s index lists none); nothing to verify`);
  }
  for (const m of models) {
    if (m.ok) lines.push(`ok    ${m.name}: files match the card; loaded in ${m.loadMs.toFixed(0)} ms; ${m.forward}`);
    else for (const p of m.problems) lines.push(`FAIL  ${m.name}: ${p}`);
  }
  for (const p of problems) lines.push(`FAIL  ${p}`);
  const ok = problems.length === 0 && models.every((m) => m.ok);
  lines.push(`zoo verify: ${models.filter((m) => m.ok).length} of ${models.length} model(s) ok, ${(total / 1e6).toFixed(2)} MB of ${(budget / 1e6).toFixed(0)} MB${problems.length ? `, ${problems.length} other problem(s)` : ""}`);
  return { ok, zooDir, empty, models, problems, lines };
}
