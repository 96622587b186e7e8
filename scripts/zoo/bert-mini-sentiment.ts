/**
 * bert-mini-sentiment: bert-mini-mlm fine-tuned to classify the shipped review sentences as negative /
 * positive (BertForSequenceClassification: the pooled [CLS] vector -> 2 logits). It is the teacher of
 * lesson 12 and the fine-tuned reference of lesson 13.
 *
 * Split: the 3,000 sentences shuffled with seed 31 and split 80 / 10 / 10 % (splitDataset). Fine-tuning
 * updates every weight. Baseline on the same split: multinomial naive Bayes over lower-cased words
 * (bag of words, add-one smoothing), written below.
 */
import { join } from "node:path";
import {
  AdamW, BERT, Rng, type SentimentSentence, type Tokenizer, crossEntropy, fromPretrained, loadSentiment, noGrad, splitDataset,
  tensor, tokenizeBatch, warmupLinearSchedule,
} from "../../src/index.js";
import { type BuildContext, type Recipe, type RecipeOutput, chunks, meanOfLast, pct, sha256OfWeights, table, trainWithProgress } from "./common.js";

const SIZES = {
  full: { epochs: 4, batch: 32, lr: 5e-4, warmup: 30, limit: Infinity },
  tiny: { epochs: 1, batch: 8, lr: 1e-3, warmup: 1, limit: 48 },
};

const SPLIT_SEED = 31;
const INIT_SEED = 32;
const BATCH_SEED = 33;
export const LABELS = ["negative", "positive"];

/** Multinomial naive Bayes over lower-cased words with add-one smoothing: the bag-of-words baseline. */
export class NaiveBayes {
  private readonly logPrior: number[];
  private readonly logLikelihood: Map<string, number>[];
  private readonly unseen: number[];

  static words(text: string): string[] {
    return text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  }

  constructor(rows: readonly { text: string; label: number }[], classes = 2) {
    const counts = Array.from({ length: classes }, () => new Map<string, number>());
    const totals = new Array<number>(classes).fill(0);
    const docs = new Array<number>(classes).fill(0);
    const vocab = new Set<string>();
    for (const r of rows) {
      docs[r.label]++;
      for (const w of NaiveBayes.words(r.text)) {
        counts[r.label].set(w, (counts[r.label].get(w) ?? 0) + 1);
        totals[r.label]++;
        vocab.add(w);
      }
    }
    const V = vocab.size;
    this.logPrior = docs.map((d) => Math.log(d / rows.length));
    this.logLikelihood = counts.map((c, k) => new Map([...c].map(([w, n]) => [w, Math.log((n + 1) / (totals[k] + V))])));
    this.unseen = totals.map((t) => Math.log(1 / (t + V)));
    this.vocab = vocab;
  }

  private readonly vocab: Set<string>;

  predict(text: string): number {
    const scores = this.logPrior.map((p, k) => {
      let s = p;
      for (const w of NaiveBayes.words(text)) if (this.vocab.has(w)) s += this.logLikelihood[k].get(w) ?? this.unseen[k];
      return s;
    });
    return scores.indexOf(Math.max(...scores));
  }

  accuracy(rows: readonly { text: string; label: number }[]): number {
    return rows.filter((r) => this.predict(r.text) === r.label).length / rows.length;
  }
}

/** Accuracy of a classifier BERT on sentences, in batches. */
export function classifierAccuracy(model: BERT, tokenizer: Tokenizer, rows: readonly SentimentSentence[], maxLength: number): number {
  let right = 0;
  noGrad(() => {
    for (const group of chunks(rows, 64)) {
      const batch = tokenizeBatch(tokenizer, group.map((r) => r.text), { maxLength, truncation: true });
      const logits = model.classify(batch.inputIds, { attentionMask: batch.attentionMask });
      const d = logits.data as Float32Array;
      group.forEach((r, i) => {
        if ((d[2 * i + 1] > d[2 * i] ? 1 : 0) === r.label) right++;
      });
    }
  });
  return right / rows.length;
}

function build(ctx: BuildContext): RecipeOutput {
  const s = SIZES[ctx.size];
  const backboneDir = join(ctx.zooDir, "bert-mini-mlm");
  const backbone = fromPretrained(backboneDir);
  if (!(backbone.model instanceof BERT)) throw new Error(`${backboneDir} is not a BERT`);
  const { tokenizer } = backbone;
  const c = backbone.model.config;
  const maxLength = c.maxPositionEmbeddings;
  const rows = loadSentiment();
  const split = splitDataset(rows, SPLIT_SEED, { train: 0.8, val: 0.1, test: 0.1 });
  const train = split.train.slice(0, s.limit);
  const val = split.val.slice(0, s.limit);
  const test = split.test.slice(0, s.limit);

  // The backbone's encoder and embeddings; a new pooler and classifier (seed INIT_SEED).
  const model = new BERT({ ...c, numLabels: 2, labelNames: LABELS, pooler: true, mlmHead: false }, new Rng(INIT_SEED));
  const loaded = model.loadStateDict(backbone.model.stateDict(), { strict: false });
  ctx.log(`bert-mini-sentiment: from ${backboneDir}; ${train.length} / ${val.length} / ${test.length} sentences; new (not in the backbone): ${loaded.missing.join(", ")}; left out: ${loaded.unexpected.length} MLM-head tensors`);

  const rng = new Rng(BATCH_SEED);
  const perEpoch = Math.ceil(train.length / s.batch);
  const steps = s.epochs * perEpoch;
  const epochBatches = (epoch: number) => {
    void epoch;
    return chunks(rng.shuffle([...train]), s.batch);
  };
  const history = trainWithProgress(ctx, "bert-mini-sentiment", steps, {
    model,
    batches: epochBatches,
    epochs: s.epochs,
    optimizer: new AdamW(model, { lr: s.lr, weightDecay: 0.01 }),
    schedule: warmupLinearSchedule({ peakLr: s.lr, warmupSteps: s.warmup, totalSteps: steps }),
    clipGradNorm: 1,
    step: (group: SentimentSentence[]) => {
      const batch = tokenizeBatch(tokenizer, group.map((r) => r.text), { maxLength, truncation: true });
      const logits = model.classify(batch.inputIds, { attentionMask: batch.attentionMask });
      return crossEntropy(logits, tensor(group.map((r) => r.label), { dtype: "int32" }));
    },
  });
  model.eval();
  const valAccuracy = classifierAccuracy(model, tokenizer, val, maxLength);
  const testAccuracy = classifierAccuracy(model, tokenizer, test, maxLength);
  const nb = new NaiveBayes(train);
  const nbVal = nb.accuracy(val);
  const nbTest = nb.accuracy(test);
  const bySource = (["amazon", "imdb", "yelp"] as const).map((src) => {
    const part = test.filter((r) => r.source === src);
    return [src, part.length, part.length ? pct(classifierAccuracy(model, tokenizer, part, maxLength)) : "—", part.length ? pct(nb.accuracy(part)) : "—"];
  });
  const majority = Math.max(test.filter((r) => r.label === 1).length, test.filter((r) => r.label === 0).length) / test.length;
  ctx.log(`bert-mini-sentiment: test accuracy ${pct(testAccuracy)} (naive Bayes ${pct(nbTest)}; majority class ${pct(majority)})`);

  const metrics = { testAccuracy, valAccuracy, naiveBayesTestAccuracy: nbTest, naiveBayesValAccuracy: nbVal, majorityClass: majority, trainLossLast20: meanOfLast(history, 20) };
  const sections: [string, string][] = [
    ["Model", `\`bert-mini-mlm\` (${c.numHiddenLayers} layers, hidden ${c.hiddenSize}) with a pooler (tanh of a dense layer on the [CLS] vector) and a 2-way classifier: BertForSequenceClassification, labels ${LABELS.map((l, i) => `${i} = ${l}`).join(", ")}. Same tokenizer as \`bert-mini-mlm\`; inputs longer than ${maxLength} tokens are truncated.`],
    ["Training data", `The UCI "Sentiment Labelled Sentences" (Kotzias et al., KDD 2015; CC BY 4.0), \`data/sentiment/sentences.jsonl\` (data/SOURCES.md "sentiment/sentences.jsonl": from sentiment@5.0.2 test fixtures): 1,000 Amazon, 1,000 IMDb and 1,000 Yelp review sentences, half positive, half negative. Split with \`splitDataset(rows, ${SPLIT_SEED}, { train: 0.8, val: 0.1, test: 0.1 })\`: ${train.length} training, ${val.length} validation, ${test.length} test sentences. Backbone: \`bert-mini-mlm\` (its card lists its own data: Moby-Dick and State of the Union addresses), weights sha256 ${sha256OfWeights(backboneDir)}.`],
    ["Training", `Every weight fine-tuned: ${s.epochs} epochs of batches of ${s.batch} shuffled training sentences (seed ${BATCH_SEED}), ${steps} steps of AdamW (weight decay 0.01), learning rate warmed up over ${s.warmup} steps to ${s.lr} then decayed linearly to 0, gradient norm clipped at 1, cross-entropy on the two classes. Pooler and classifier start from seed ${INIT_SEED}. Training loss ${history[0].loss.toFixed(3)} -> ${meanOfLast(history, 20).toFixed(3)} (mean of the last 20 steps). No early stopping: the epochs are fixed, and the validation split was not used to choose anything after training.`],
    ["Metrics", `Accuracy on the held-out sentences of the split above, next to a bag-of-words baseline trained on the same training sentences: multinomial naive Bayes over lower-cased words (\`[a-z0-9']+\`), add-one smoothing, words unseen in training ignored.\n\n${table(["model", "validation accuracy", "test accuracy"], [
      ["always the majority class", "—", pct(majority)],
      ["naive Bayes, bag of words", pct(nbVal), pct(nbTest)],
      ["**this model**", pct(valAccuracy), `**${pct(testAccuracy)}**`],
    ])}\n\nTest accuracy by source:\n\n${table(["source", "test sentences", "this model", "naive Bayes"], bySource)}`],
    ["Intended use", "Teaching: the teacher that lesson 12 distils into a half-depth student, and the fully fine-tuned model of lesson 13's comparison of transfer-learning strategies."],
    ["Limitations", `Trained on ${train.length} short English review sentences from three sites: it knows those domains' vocabulary and not much more, gets negation and sarcasm wrong, and has only two classes (no neutral). Its backbone saw 19th-century fiction and political speeches, not reviews. Test set of ${test.length} sentences: the accuracy's standard error is about ${pct(Math.sqrt(testAccuracy * (1 - testAccuracy) / test.length))}. Not for any use beyond learning how such models work.`],
  ];
  return {
    model, tokenizer,
    summary: `bert-mini-mlm fine-tuned on review sentiment (negative/positive); test accuracy ${pct(testAccuracy)} vs ${pct(nbTest)} for naive Bayes`,
    example: "the food was great and the service was friendly.",
    tags: ["bert", "text-classification", "sentiment", "qkv-course"], license: "CC-BY-4.0",
    hyperParameters: {
      backbone: "bert-mini-mlm", num_labels: 2, "max tokens": maxLength, optimizer: "AdamW", "peak learning rate": s.lr, "warm-up steps": s.warmup,
      schedule: "linear to 0", "weight decay": 0.01, batch: s.batch, epochs: s.epochs, steps, "gradient clipping": 1, dropout: 0,
      seeds: `split ${SPLIT_SEED}, head init ${INIT_SEED}, batches ${BATCH_SEED}`,
    },
    metrics, sections,
  };
}

export const bertMiniSentiment: Recipe = {
  name: "bert-mini-sentiment",
  description: "bert-mini-mlm fine-tuned on the review-sentiment sentences; held-out accuracy vs naive Bayes",
  needs: ["bert-mini-mlm"],
  build,
};
