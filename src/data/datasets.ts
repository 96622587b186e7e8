/**
 * Loaders for the data sets in data/ (origin, licence and citation of each: data/SOURCES.md).
 * They read data/ only, never the npm packages it was built from, so the course runs from the repository alone.
 */
import { QkvError } from "../tensor/errors.js";
import { readDataFile, readDataLines } from "./paths.js";

function parseJsonLines<T>(relative: string, op: string, check: (row: Record<string, unknown>) => string | null): T[] {
  return readDataLines(relative, op).map((line, i) => {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (e) {
      throw new QkvError(`${op}: data/${relative} line ${i + 1} is not valid JSON: ${(e as Error).message}`);
    }
    const problem = row !== null && typeof row === "object" ? check(row as Record<string, unknown>) : "not an object";
    if (problem !== null) throw new QkvError(`${op}: data/${relative} line ${i + 1}: ${problem}`);
    return row as T;
  });
}

/** Moby-Dick; or, The Whale (Herman Melville, 1851), the whole book as one string (1.2 MB). */
export function loadMobyDick(): string {
  return readDataFile("corpus/moby-dick.txt", "loadMobyDick");
}

export interface SotuAddress {
  year: number;
  name: string;
  party: string;
  text: string;
}

/** State of the Union addresses 1961-2021, oldest first. */
export function loadSotu(): SotuAddress[] {
  return parseJsonLines<SotuAddress>("corpus/sotu.jsonl", "loadSotu", (r) =>
    typeof r.year === "number" && typeof r.name === "string" && typeof r.text === "string" ? null : "needs year (number), name and text (strings)",
  );
}

export type SentimentSource = "amazon" | "imdb" | "yelp";

export interface SentimentSentence {
  source: SentimentSource;
  text: string;
  /** 1 = positive, 0 = negative. */
  label: 0 | 1;
}

/**
 * The UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015; CC BY 4.0): 1,000 sentences each
 * from Amazon, IMDb and Yelp reviews, half positive, half negative. `source` picks one of the three.
 */
export function loadSentiment(source?: SentimentSource): SentimentSentence[] {
  if (source !== undefined && !["amazon", "imdb", "yelp"].includes(source)) {
    throw new QkvError(`loadSentiment: source must be "amazon", "imdb" or "yelp", got ${JSON.stringify(source)}`);
  }
  const rows = parseJsonLines<SentimentSentence>("sentiment/sentences.jsonl", "loadSentiment", (r) =>
    typeof r.text === "string" && (r.label === 0 || r.label === 1) && typeof r.source === "string" ? null : "needs source, text and label 0/1",
  );
  return source === undefined ? rows : rows.filter((r) => r.source === source);
}

/** English first names (female 4,951 + male 3,898; a name can appear in both lists). */
export function loadFirstNames(which: "female" | "male" | "all" = "all"): string[] {
  if (!["female", "male", "all"].includes(which)) throw new QkvError(`loadFirstNames: which must be "female", "male" or "all", got ${JSON.stringify(which)}`);
  const read = (f: string) => readDataLines(`names/${f}.txt`, "loadFirstNames");
  return which === "all" ? [...read("female"), ...read("male")] : read(which);
}

export interface Pronunciation {
  word: string;
  /** ARPAbet phonemes, e.g. ["K", "AE1", "T"] for "cat" (with stress digits unless stress: false). */
  phonemes: string[];
}

/**
 * Word -> phonemes from the CMU Pronouncing Dictionary (117,490 plain lower-case words, first
 * pronunciation each): a sequence-to-sequence task. `stress: false` drops the stress digits
 * (AE1 -> AE), leaving 39 phonemes.
 */
export function loadPronunciations(options: { stress?: boolean } = {}): Pronunciation[] {
  const stress = options.stress ?? true;
  return readDataLines("seq2seq/cmudict.tsv", "loadPronunciations").map((line, i) => {
    const tab = line.indexOf("\t");
    if (tab <= 0 || tab === line.length - 1) throw new QkvError(`loadPronunciations: data/seq2seq/cmudict.tsv line ${i + 1} is not "word<TAB>phonemes"`);
    const phonemes = line.slice(tab + 1).split(" ");
    return { word: line.slice(0, tab), phonemes: stress ? phonemes : phonemes.map((p) => p.replace(/\d/g, "")) };
  });
}
