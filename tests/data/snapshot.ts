// Splits, epoch batches, masked-LM and language-model batches made from fixed seeds: the parent
// test process and a child process both compute this and must agree exactly.
import { Rng } from "../../src/tensor/index.js";
import { iterateEpochs, loadMobyDick, loadSentiment, splitDataset } from "../../src/data/index.js";
import { loadBertTokenizer, loadGpt2Tokenizer, maskedLmBatch, sampleLmWindows, tokenizeBatch, trainBpeTokenizer } from "../../src/text/index.js";

export function snapshot(seed: number): unknown {
  const sentences = loadSentiment();
  const splits = splitDataset(sentences, seed);
  const epochs = [...iterateEpochs(splits.train.slice(0, 50), { batchSize: 16, epochs: 2, seed: seed + 1 })].map((b) => ({
    epoch: b.epoch,
    step: b.step,
    texts: b.items.map((r) => r.text),
  }));
  const bert = loadBertTokenizer();
  const texts = splits.train.slice(0, 8).map((r) => r.text);
  const mlm = maskedLmBatch(
    texts.map((t) => bert.encode(t)),
    { maskId: bert.specialId("mask"), padId: bert.specialId("pad"), specialIds: bert.specialIds(), vocabSize: bert.vocabSize, rng: new Rng(seed + 2) },
  );
  const pairs = tokenizeBatch(bert, [[texts[0], texts[1]], [texts[2], texts[3]]]);
  const gpt2 = loadGpt2Tokenizer();
  const stream = gpt2.encode(loadMobyDick().slice(0, 5000));
  const lm = sampleLmWindows(stream, 16, 4, new Rng(seed + 3));
  const bpe = trainBpeTokenizer(loadMobyDick().slice(0, 5000), { vocabSize: 300 });
  return {
    sizes: [splits.train.length, splits.val.length, splits.test.length],
    val: splits.val.map((r) => r.text),
    test: splits.test.map((r) => r.text),
    epochs,
    mlm: { inputIds: mlm.inputIds.toArray(), labels: mlm.labels.toArray(), attentionMask: mlm.attentionMask.toArray() },
    pairs: { inputIds: pairs.inputIds.toArray(), tokenTypeIds: pairs.tokenTypeIds.toArray() },
    lm: { inputIds: lm.inputIds.toArray(), targets: lm.targets.toArray() },
    bpeMerges: bpe.history.map((h) => h.pair),
  };
}

// run as a script: print the snapshot for the seed given on the command line
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  process.stdout.write(JSON.stringify(snapshot(Number(process.argv[2]))));
}
