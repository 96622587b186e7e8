import * as q from "qkv";
const { tensor } = q;
const tok = q.buildCharTokenizer(["hello world"]);
const cases: [string, () => unknown][] = [
  ["decode tensor", () => tok.decode(tensor([1, 2], { dtype: "int32" }) as never)],
  ["decode frac", () => tok.decode([1.5])],
  ["decode string", () => tok.decode("12" as never)],
  ["decode undefined", () => tok.decode(undefined as never)],
  ["encode number", () => tok.encode(5 as never)],
  ["encode array", () => tok.encode(["a"] as never)],
  ["heatmap 3d", () => q.heatmap([[[1]]] as never)],
  ["heatmap 1d", () => q.heatmap([1, 2] as never)],
  ["line 2d", () => q.line([[1, 2], [3, 4]] as never)],
  ["line string", () => q.line("abc" as never)],
  ["bar 2d", () => q.bar([[1]] as never, ["a"])],
  ["bar labels string", () => q.bar([1], "a" as never)],
  ["scatter 1d", () => q.scatter([1, 2] as never, ["a", "b"])],
  ["pca 1d", () => q.pca([1, 2] as never)],
  ["pca k 0", () => q.pca([[1, 2], [3, 4]], 0)],
  ["pca k 1.5", () => q.pca([[1, 2], [3, 4]], 1.5)],
  ["progress -1", () => q.progress(-1)],
  ["progress NaN", () => q.progress(NaN)],
  ["table rows bad", () => q.table(["a"], [[1, 2]])],
  ["table cols string", () => q.table("a" as never, [])],
  ["markdown number", () => q.markdown(5 as never)],
  ["padSequences frac", () => q.padSequences([[1.5]], 0)],
  ["padSequences pad frac", () => q.padSequences([[1]], 0.5)],
  ["padSequences not arrays", () => q.padSequences([1, 2] as never, 0)],
  ["causalLmBatch frac", () => q.causalLmBatch([[1, 2.5, 3]], 0)],
  ["causalLmBatch empty", () => q.causalLmBatch([], 0)],
  ["sampleLmWindows block 0", () => q.sampleLmWindows([1, 2, 3], 0, 1, new q.Rng(0))],
  ["sampleLmWindows too short", () => q.sampleLmWindows([1, 2], 5, 1, new q.Rng(0))],
  ["sampleLmWindows no rng", () => q.sampleLmWindows([1, 2, 3, 4], 2, 1, undefined as never)],
  ["maskTokens prob 2", () => q.maskTokens([1, 2], { maskTokenId: 0, vocabSize: 5, probability: 2, rng: new q.Rng(0) } as never)],
  ["maskedLmOptions prob -1", () => q.maskedLmOptions(tok, new q.Rng(0), -1)],
  ["tokenizeBatch string", () => q.tokenizeBatch(tok, "abc" as never)],
  ["batchesOf 0", () => q.batchesOf([1, 2], 0, null)],
  ["batchesOf 1.5", () => q.batchesOf([1, 2], 1.5, null)],
  ["batchesOf not array", () => q.batchesOf("ab" as never, 1, null)],
  ["iterateEpochs no options", () => [...q.iterateEpochs([1], undefined as never)]],
  ["splitDataset fractions bad", () => q.splitDataset([1, 2, 3], 0, { train: 0.9, val: 0.9, test: 0.1 })],
  ["splitDataset seed 1.5", () => q.splitDataset([1, 2, 3], 1.5)],
  ["loadSentiment bad", () => q.loadSentiment("foo" as never)],
  ["loadFirstNames bad", () => q.loadFirstNames("x" as never)],
  ["dataPath ..", () => q.dataPath("../package.json")],
  ["readSafetensors number", () => q.readSafetensors(5 as never)],
  ["writeSafetensors array", () => q.writeSafetensors({ a: [1, 2] } as never)],
  ["writeSafetensors not obj", () => q.writeSafetensors(undefined as never)],
  ["saveCheckpoint no dir", () => q.saveCheckpoint(undefined as never, {} as never)],
  ["loadCheckpoint missing", () => q.loadCheckpoint("/nonexistent/dir")],
  ["Vocab dup", () => new q.Vocab(["a", "a"])],
  ["Vocab not array", () => new q.Vocab("ab" as never)],
  ["buildCharTokenizer string", () => q.buildCharTokenizer("abc" as never)],
  ["buildWordTokenizer number", () => q.buildWordTokenizer(5 as never)],
  ["trainBpeTokenizer 0 merges", () => q.trainBpeTokenizer(["ab ab"], { vocabSize: -1 } as never)],
  ["parseTemplate bad", () => q.parseTemplate(5 as never)],
  ["show undefined", () => q.show(undefined)],
  ["Module loadStateDict arr", () => new q.Linear(2, 2, new q.Rng(0)).loadStateDict([1] as never)],
];
for (const [name, fn] of cases) {
  try {
    const r = fn();
    console.log(`SILENT  ${name}: returned ${r instanceof q.Tensor ? r.toString().slice(0, 60).replace(/\n/g, " ") : JSON.stringify(r)?.slice(0, 80)}`);
  } catch (e) {
    const err = e as Error;
    console.log(`${err instanceof q.QkvError ? "ok     " : "BAD    "} ${name}: ${err.name}: ${err.message.slice(0, 170)}`);
  }
}
