/**
 * The loop that BPE and WordPiece training share: given words split into symbols (each word with its
 * count), repeatedly find the most frequent adjacent pair of symbols (ties: the alphabetically first
 * pair, so training is deterministic), join it everywhere, and record the step. Only the way two
 * symbols join differs: BPE concatenates them; WordPiece drops the "##" of the right-hand piece.
 */
import type { Merge } from "./bpe.js";

/** One step of training: which pair was merged, into what, and how often the pair occurred. */
export interface MergeStep {
  rank: number;
  pair: Merge;
  token: string;
  count: number;
}

export interface MergeLearningOptions {
  /** Stop after this many NEW tokens (merges whose result was already a token do not count). */
  newTokens: number;
  /** Stop when the most frequent pair occurs fewer times than this. */
  minFrequency: number;
  /** The symbol that replaces the pair (a, b). */
  join: (a: string, b: string) => string;
  /** Tokens that exist already (a merge that makes one of these adds no token). */
  known: Set<string>;
}

const key = (a: string, b: string) => a + " " + b;

/**
 * Learns merges over `symbols` (one array of symbols per distinct word, changed in place) weighted by
 * `freq`. Returns the steps in order and the new tokens in the order they were made.
 */
export function learnMerges(symbols: string[][], freq: readonly number[], options: MergeLearningOptions): { history: MergeStep[]; tokens: string[] } {
  const pairCount = new Map<string, number>();
  const pairWords = new Map<string, Set<number>>();
  const addPairs = (wi: number, sign: 1 | -1) => {
    const s = symbols[wi];
    for (let i = 0; i < s.length - 1; i++) {
      const k = key(s[i], s[i + 1]);
      pairCount.set(k, (pairCount.get(k) ?? 0) + sign * freq[wi]);
      if (sign > 0) {
        let set = pairWords.get(k);
        if (!set) pairWords.set(k, (set = new Set()));
        set.add(wi);
      }
    }
  };
  for (let wi = 0; wi < symbols.length; wi++) addPairs(wi, 1);

  const history: MergeStep[] = [];
  const tokens: string[] = [];
  while (tokens.length < options.newTokens) {
    let bestKey = "";
    let bestCount = 0;
    for (const [k, c] of pairCount) {
      if (c > bestCount || (c === bestCount && c > 0 && k < bestKey)) {
        bestKey = k;
        bestCount = c;
      }
    }
    if (bestCount < options.minFrequency || bestCount === 0) break;
    const space = bestKey.indexOf(" ");
    const a = bestKey.slice(0, space);
    const b = bestKey.slice(space + 1);
    const merged = options.join(a, b);
    for (const wi of [...(pairWords.get(bestKey) ?? [])]) {
      const s = symbols[wi];
      let has = false;
      for (let i = 0; i < s.length - 1; i++) if (s[i] === a && s[i + 1] === b) has = true;
      if (!has) continue; // stale entry: an earlier merge already consumed the pair in this word
      addPairs(wi, -1);
      for (let i = 0; i < s.length - 1; i++) if (s[i] === a && s[i + 1] === b) s.splice(i, 2, merged);
      addPairs(wi, 1);
    }
    pairCount.delete(bestKey);
    pairWords.delete(bestKey);
    history.push({ rank: history.length, pair: [a, b], token: merged, count: bestCount });
    if (!options.known.has(merged)) {
      options.known.add(merged);
      tokens.push(merged);
    }
  }
  return { history, tokens };
}
