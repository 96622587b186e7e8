/**
 * transformer-g2p: the encoder-decoder Transformer of "Attention Is All You Need" trained on lesson 09's
 * real task, spelling -> pronunciation (grapheme to phoneme) on the CMU Pronouncing Dictionary.
 *
 * Data: loadPronunciations({ stress: false }) (39 ARPAbet phonemes), words of 2–12 letters with at most 12
 * phonemes, shuffled with seed 41 and split 90 / 5 / 5 %. Source tokens are letters (tokenizer.json, a
 * character tokenizer); target tokens are phonemes (target_tokenizer.json, a word tokenizer over
 * space-separated phonemes, with <s> and </s>). Teacher forcing with cross-entropy; held-out metrics
 * from greedy decoding: exact match (the whole pronunciation right) and phoneme error rate (edit
 * distance / number of true phonemes), next to lesson 09's one-phoneme-per-letter baseline.
 */
import {
  Adam, Rng, type Tensor, type Tokenizer, Transformer, buildCharTokenizer, buildWordTokenizer, crossEntropy, loadPronunciations, noGrad,
  splitDataset, tensor, warmupLinearSchedule, type Pronunciation,
} from "../../src/index.js";
import { type BuildContext, type Recipe, type RecipeOutput, chunks, meanOfLast, pct, table, trainWithProgress } from "./common.js";

const SIZES = {
  full: { limit: Infinity, dModel: 128, heads: 4, layers: 3, ff: 512, batch: 64, steps: 1200, lr: 1e-3, warmup: 100, evalWords: 1000 },
  tiny: { limit: 1000, dModel: 16, heads: 2, layers: 1, ff: 32, batch: 8, steps: 4, lr: 3e-3, warmup: 1, evalWords: 8 },
};
const SPLIT_SEED = 41;
const INIT_SEED = 42;
const BATCH_SEED = 43;
const MAX_LETTERS = 12;
const MAX_PHONEMES = 12;

export interface G2pBatch {
  src: Tensor;
  srcMask: Tensor;
  tgtIn: Tensor;
  tgtOut: Tensor;
}

/** Words -> padded letter ids (B, S) with their mask (true = real letter), decoder inputs <s> + phonemes and targets phonemes + </s> (-100 on padding). */
export function g2pBatch(items: readonly Pronunciation[], source: Tokenizer, target: Tokenizer): G2pBatch {
  const pad = source.specialId("pad");
  const tpad = target.specialId("pad");
  const bos = target.specialId("bos");
  const eos = target.specialId("eos");
  const srcIds = items.map((p) => source.encode(p.word));
  const tgtIds = items.map((p) => target.encode(p.phonemes.join(" ")));
  const S = Math.max(...srcIds.map((r) => r.length));
  const T = Math.max(...tgtIds.map((r) => r.length)) + 1;
  const padTo = (row: number[], n: number, fill: number) => row.concat(new Array(n - row.length).fill(fill));
  return {
    src: tensor(srcIds.map((r) => padTo(r, S, pad)), { dtype: "int32" }),
    srcMask: tensor(srcIds.map((r) => padTo(r.map(() => 1), S, 0)), { dtype: "bool" }),
    tgtIn: tensor(tgtIds.map((r) => padTo([bos, ...r], T, tpad)), { dtype: "int32" }),
    tgtOut: tensor(tgtIds.map((r) => padTo([...r, eos], T, -100)), { dtype: "int32" }),
  };
}

/** Greedy decoding of a batch of words: phoneme lists. */
export function greedyPronounce(model: Transformer, words: readonly string[], source: Tokenizer, target: Tokenizer, maxPhonemes = MAX_PHONEMES + 1): string[][] {
  const pad = source.specialId("pad");
  const bos = target.specialId("bos");
  const eos = target.specialId("eos");
  return noGrad(() => {
    const srcIds = words.map((w) => source.encode(w));
    const S = Math.max(...srcIds.map((r) => r.length));
    const src = tensor(srcIds.map((r) => r.concat(new Array(S - r.length).fill(pad))), { dtype: "int32" });
    const srcMask = tensor(srcIds.map((r) => r.map(() => 1).concat(new Array(S - r.length).fill(0))), { dtype: "bool" });
    const memory = model.encode(src, { srcKeyPaddingMask: srcMask });
    const rows = words.map(() => [bos]);
    const done = words.map(() => false);
    const V = model.config.tgtVocabSize;
    for (let step = 0; step < maxPhonemes && done.some((d) => !d); step++) {
      const tgt = tensor(rows, { dtype: "int32" });
      const logits = model.generator.forward(model.decode(tgt, memory, { srcKeyPaddingMask: srcMask })); // (B, t, V)
      const t = rows[0].length;
      const d = logits.data as Float32Array;
      rows.forEach((row, b) => {
        if (done[b]) {
          row.push(eos);
          return;
        }
        const base = (b * t + t - 1) * V;
        let best = 0;
        for (let v = 1; v < V; v++) if (d[base + v] > d[base + best]) best = v;
        row.push(best);
        if (best === eos) done[b] = true;
      });
    }
    return rows.map((row) => {
      const out: string[] = [];
      for (const id of row.slice(1)) {
        if (id === eos) break;
        out.push(target.idToToken(id)!);
      }
      return out;
    });
  });
}

/** Levenshtein distance between two token sequences. */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length];
}

export function scorePronunciations(predicted: readonly string[][], truth: readonly Pronunciation[]): { exactMatch: number; phonemeErrorRate: number } {
  let exact = 0;
  let errors = 0;
  let total = 0;
  predicted.forEach((p, i) => {
    const t = truth[i].phonemes;
    if (p.join(" ") === t.join(" ")) exact++;
    errors += editDistance(p, t);
    total += t.length;
  });
  return { exactMatch: exact / truth.length, phonemeErrorRate: errors / total };
}

/** Lesson 09's baseline: each letter -> the phoneme it most often stands for in same-length training words. */
export function letterBaseline(train: readonly Pronunciation[]): (word: string) => string[] {
  const counts = new Map<string, Map<string, number>>();
  for (const p of train) {
    if (p.word.length !== p.phonemes.length) continue;
    [...p.word].forEach((c, i) => {
      const m = counts.get(c) ?? new Map<string, number>();
      m.set(p.phonemes[i], (m.get(p.phonemes[i]) ?? 0) + 1);
      counts.set(c, m);
    });
  }
  const best = new Map([...counts].map(([c, m]) => [c, [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0]]));
  return (word) => [...word].map((c) => best.get(c) ?? "AH");
}

function build(ctx: BuildContext): RecipeOutput {
  const s = SIZES[ctx.size];
  const all = loadPronunciations({ stress: false });
  const usable = all.filter((p) => p.word.length >= 2 && p.word.length <= MAX_LETTERS && p.phonemes.length <= MAX_PHONEMES);
  const pool = Number.isFinite(s.limit) ? usable.slice(0, s.limit) : usable;
  const split = splitDataset(pool, SPLIT_SEED, { train: 0.9, val: 0.05, test: 0.05 });
  const source = buildCharTokenizer(split.train.map((p) => p.word), { specialTokens: { pad: "<pad>", unk: "<unk>" } });
  const target = buildWordTokenizer(split.train.map((p) => p.phonemes.join(" ")), {
    lowercase: false, specialTokens: { pad: "<pad>", unk: "<unk>", bos: "<s>", eos: "</s>" },
  });
  ctx.log(`transformer-g2p: ${pool.length} words (${split.train.length} / ${split.val.length} / ${split.test.length}); ${source.vocabSize} source and ${target.vocabSize} target tokens`);
  const model = new Transformer({
    srcVocabSize: source.vocabSize, tgtVocabSize: target.vocabSize, dModel: s.dModel, nhead: s.heads, numEncoderLayers: s.layers,
    numDecoderLayers: s.layers, dimFeedforward: s.ff, maxLen: MAX_PHONEMES + 4, normFirst: true,
  }, new Rng(INIT_SEED));
  const rng = new Rng(BATCH_SEED);
  const history = trainWithProgress(ctx, "transformer-g2p", s.steps, {
    model,
    batches: [null],
    optimizer: new Adam(model, { lr: s.lr }),
    schedule: warmupLinearSchedule({ peakLr: s.lr, warmupSteps: s.warmup, totalSteps: s.steps, minLr: s.lr / 20 }),
    clipGradNorm: 1,
    step: () => {
      const b = g2pBatch(Array.from({ length: s.batch }, () => split.train[rng.int(0, split.train.length)]), source, target);
      return crossEntropy(model.forward(b.src, b.tgtIn, { srcKeyPaddingMask: b.srcMask }), b.tgtOut);
    },
  });
  model.eval();
  const evaluate = (items: Pronunciation[]) => scorePronunciations(chunks(items, 100).flatMap((g) => greedyPronounce(model, g.map((p) => p.word), source, target)), items);
  const valWords = split.val.slice(0, s.evalWords);
  const testWords = split.test.slice(0, s.evalWords);
  const val = evaluate(valWords);
  const test = evaluate(testWords);
  const baseline = letterBaseline(split.train);
  const base = scorePronunciations(testWords.map((p) => baseline(p.word)), testWords);
  const teacherForced = noGrad(() => {
    const b = g2pBatch(testWords, source, target);
    return crossEntropy(model.forward(b.src, b.tgtIn, { srcKeyPaddingMask: b.srcMask }), b.tgtOut).item();
  });
  ctx.log(`transformer-g2p: test exact match ${pct(test.exactMatch)}, phoneme error rate ${pct(test.phonemeErrorRate)} (baseline ${pct(base.exactMatch)}, ${pct(base.phonemeErrorRate)})`);
  const examples = ["whale", "ocean", "transformer", "attention", "qkv"].filter((w) => [...w].every((c) => source.tokenToId(c) !== undefined));
  const said = greedyPronounce(model, examples, source, target);
  const metrics = {
    testExactMatch: test.exactMatch, testPhonemeErrorRate: test.phonemeErrorRate, valExactMatch: val.exactMatch, valPhonemeErrorRate: val.phonemeErrorRate,
    baselineExactMatch: base.exactMatch, baselinePhonemeErrorRate: base.phonemeErrorRate, testTeacherForcedLoss: teacherForced, trainLossLast20: meanOfLast(history, 20),
  };
  const sections: [string, string][] = [
    ["Model", `An encoder-decoder Transformer (src/models/transformer.ts, torch.nn.Transformer's layer names; config.json model_type "qkv-transformer", which only qkv reads): ${s.layers} encoder and ${s.layers} decoder layers, width ${s.dModel}, ${s.heads} heads, feed-forward ${s.ff}, pre-norm, ReLU, sinusoidal positions, sequences up to ${MAX_PHONEMES + 4}. Source tokens: ${source.vocabSize} (letters + <pad>, <unk>; tokenizer.json, qkv's CharLevel model). Target tokens: ${target.vocabSize} (39 phonemes + <pad>, <unk>, <s>, </s>; target_tokenizer.json, a WordLevel tokenizer). Decode by feeding <s>, then each predicted phoneme, until </s>.`],
    ["Training data", `The CMU Pronouncing Dictionary (Copyright (C) 1993–2015 Carnegie Mellon University; Simplified BSD licence, keep its notice), \`data/seq2seq/cmudict.tsv\` (data/SOURCES.md "seq2seq/cmudict.tsv": from cmu-pronouncing-dictionary@3.0.0, plain a–z words, first pronunciation). Stress digits removed (\`loadPronunciations({ stress: false })\`). Words of 2–${MAX_LETTERS} letters with at most ${MAX_PHONEMES} phonemes: ${pool.length.toLocaleString("en-US")} of ${all.length.toLocaleString("en-US")}; \`splitDataset(words, ${SPLIT_SEED}, { train: 0.9, val: 0.05, test: 0.05 })\`: ${split.train.length.toLocaleString("en-US")} training, ${split.val.length.toLocaleString("en-US")} validation, ${split.test.length.toLocaleString("en-US")} test words. The dictionary has many names and rare words; its pronunciations are American English.`],
    ["Training", `${s.steps} steps of Adam on ${s.batch} random training words per step (seed ${BATCH_SEED}), teacher forcing (decoder input <s> + phonemes, target phonemes + </s>, padding ignored), learning rate warmed up over ${s.warmup} steps to ${s.lr} then decayed linearly to ${s.lr / 20}, gradient norm clipped at 1; initial weights from seed ${INIT_SEED}. Training loss ${history[0].loss.toFixed(3)} -> ${meanOfLast(history, 20).toFixed(3)} (mean of the last 20 steps).`],
    ["Metrics", `On the first ${testWords.length} test words (and ${valWords.length} validation words), greedy decoding: exact match = share of words whose whole phoneme sequence is right; phoneme error rate = edit distance (insertions, deletions, substitutions) between predicted and true phonemes, summed, divided by the number of true phonemes. Baseline: lesson 09's one phoneme per letter (the phoneme each letter most often stands for in training words with as many letters as phonemes).\n\n${table(["model", "validation exact match", "validation phoneme error rate", "test exact match", "test phoneme error rate"], [
      ["one phoneme per letter", "—", "—", pct(base.exactMatch), pct(base.phonemeErrorRate)],
      ["**this model**", pct(val.exactMatch), pct(val.phonemeErrorRate), `**${pct(test.exactMatch)}**`, `**${pct(test.phonemeErrorRate)}**`],
    ])}\n\nTeacher-forced cross-entropy on those test words: ${teacherForced.toFixed(3)} nats per phoneme.\n\nExamples (greedy): ${examples.map((w, i) => `*${w}* → ${said[i].join(" ")}`).join("; ")}.`],
    ["Intended use", "Teaching: lessons 09 and later load it to show a trained encoder-decoder (greedy and beam decoding, cross-attention maps) without training one for minutes in class."],
    ["Limitations", `Trained on single words of at most ${MAX_LETTERS} letters, lower-case a–z only: other characters become <unk>. American pronunciations from one dictionary, no stress marks. Names and loanwords are often wrong; it has no notion of context (*read* / *read*). Not for any use beyond learning how such models work.`],
  ];
  return {
    model, tokenizer: source, targetTokenizer: target,
    summary: `Encoder-decoder Transformer (${s.layers}+${s.layers} layers, width ${s.dModel}) for spelling → ARPAbet pronunciation; test exact match ${pct(test.exactMatch)}, phoneme error rate ${pct(test.phonemeErrorRate)}`,
    example: "whale",
    tags: ["transformer", "text2text-generation", "grapheme-to-phoneme", "qkv-course"], license: "BSD-2-Clause",
    hyperParameters: {
      d_model: s.dModel, nhead: s.heads, num_encoder_layers: s.layers, num_decoder_layers: s.layers, dim_feedforward: s.ff, norm_first: true,
      activation: "relu", dropout: 0, optimizer: "Adam", "peak learning rate": s.lr, "warm-up steps": s.warmup, schedule: "linear to peak/20",
      batch: s.batch, steps: s.steps, "gradient clipping": 1, seeds: `split ${SPLIT_SEED}, init ${INIT_SEED}, batches ${BATCH_SEED}`,
    },
    metrics, sections,
  };
}

export const transformerG2p: Recipe = {
  name: "transformer-g2p",
  description: "encoder-decoder Transformer, spelling -> pronunciation (CMU dictionary); held-out exact match and phoneme error rate",
  needs: [],
  build,
};
