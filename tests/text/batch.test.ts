import { describe, expect, it } from "vitest";
import { Rng } from "../../src/tensor/index.js";
import {
  IGNORE_INDEX,
  causalLmBatch,
  loadBertTokenizer,
  maskTokens,
  maskedLmBatch,
  maskedLmOptions,
  loadGpt2Tokenizer,
  padSequences,
  sampleLmWindows,
  sentencePairBatch,
  tokenizeBatch,
} from "../../src/text/index.js";

describe("padding to the batch's longest sequence", () => {
  it("pads with the pad id; the bool mask is true on real tokens", () => {
    const { inputIds, attentionMask } = padSequences([[1, 2, 3], [4]], 0);
    expect(inputIds.dtype).toBe("int32");
    expect(attentionMask.dtype).toBe("bool");
    expect(inputIds.shape).toEqual([2, 3]);
    expect(inputIds.toArray()).toEqual([[1, 2, 3], [4, 0, 0]]);
    expect(attentionMask.toArray()).toEqual([[true, true, true], [true, false, false]]);
  });
  it("over-long sequences: error by default, cut with truncation: true", () => {
    expect(() => padSequences([[1, 2, 3]], 0, { maxLength: 2 })).toThrow(/sequence 0 has 3 ids, more than maxLength 2; pass truncation: true/);
    expect(padSequences([[1, 2, 3], [4]], 0, { maxLength: 2, truncation: true }).inputIds.toArray()).toEqual([[1, 2], [4, 0]]);
  });
  it("rejects empty batches and non-integer ids", () => {
    expect(() => padSequences([], 0)).toThrow(/non-empty list/);
    expect(() => padSequences([[1, 2.5]], 0)).toThrow(/sequence 0 holds 2.5; ids must be integers/);
  });
  it("tokenizeBatch gives BERT's ids, mask and type ids as (B, T) tensors", () => {
    const bert = loadBertTokenizer();
    const b = tokenizeBatch(bert, ["hello world", "hi"]);
    expect(b.inputIds.toArray()).toEqual([[101, 7592, 2088, 102], [101, 7632, 102, 0]]);
    expect(b.attentionMask.toArray()).toEqual([[true, true, true, true], [true, true, true, false]]);
    expect(b.tokenTypeIds.toArray()).toEqual([[0, 0, 0, 0], [0, 0, 0, 0]]);
  });
  it("sentence pairs get token type ids 0 | 1 and padding", () => {
    const bert = loadBertTokenizer();
    const b = sentencePairBatch(bert, [["hello", "world"], ["hi", "there you"]]);
    expect(b.inputIds.toArray()).toEqual([[101, 7592, 102, 2088, 102, 0], [101, 7632, 102, 2045, 2017, 102]]);
    expect(b.tokenTypeIds.toArray()).toEqual([[0, 0, 0, 1, 1, 0], [0, 0, 0, 1, 1, 1]]);
    expect(b.attentionMask.toArray()).toEqual([[true, true, true, true, true, false], [true, true, true, true, true, true]]);
    expect(() => sentencePairBatch(bert, [["only one"] as unknown as [string, string]])).toThrow(/\[first, second\] string pairs/);
  });
});

describe("causal language-model batches", () => {
  it("targets are the inputs shifted by one; padding is ignored in the targets", () => {
    const b = causalLmBatch([[1, 2, 3, 4], [5, 6]], 0);
    expect(b.inputIds.toArray()).toEqual([[1, 2, 3], [5, 0, 0]]);
    expect(b.targets.toArray()).toEqual([[2, 3, 4], [6, IGNORE_INDEX, IGNORE_INDEX]]);
    expect(b.attentionMask.toArray()).toEqual([[true, true, true], [true, false, false]]);
    expect(() => causalLmBatch([[1]], 0)).toThrow(/sequence 0 has 1 token\(s\); next-token prediction needs at least 2/);
  });
  it("random windows from a stream: targets[t] = inputs[t + 1]", () => {
    const stream = Array.from({ length: 100 }, (_, i) => i);
    const { inputIds, targets } = sampleLmWindows(stream, 8, 4, new Rng(1));
    expect(inputIds.shape).toEqual([4, 8]);
    const x = inputIds.toArray() as number[][];
    const y = targets.toArray() as number[][];
    for (let b = 0; b < 4; b++) for (let t = 0; t < 8; t++) expect(y[b][t]).toBe(x[b][t] + 1);
    expect(() => sampleLmWindows([1, 2, 3], 3, 1, new Rng(1))).toThrow(/fewer than blockSize \+ 1 = 4/);
  });
});

describe("masked-LM batches", () => {
  const special = [0, 1, 2, 3, 4]; // pad, unk, cls, sep, mask
  const opts = (seed: number) => ({ maskId: 4, padId: 0, specialIds: special, vocabSize: 1000, rng: new Rng(seed) });

  it("chooses ~15% of ordinary tokens; of those 80% [MASK], 10% random, 10% unchanged; never specials", () => {
    const rng = new Rng(11);
    const seqs = Array.from({ length: 400 }, () => [2, ...Array.from({ length: 60 }, () => rng.int(5, 1000)), 3]);
    const o = opts(5);
    let candidates = 0, chosen = 0, masked = 0, random = 0, same = 0;
    for (const s of seqs) {
      const { inputIds, labels } = maskTokens(s, o);
      s.forEach((id, t) => {
        if (special.includes(id)) {
          expect(labels[t]).toBe(IGNORE_INDEX);
          expect(inputIds[t]).toBe(id);
          return;
        }
        candidates++;
        if (labels[t] === IGNORE_INDEX) {
          expect(inputIds[t]).toBe(id);
          return;
        }
        chosen++;
        expect(labels[t]).toBe(id);
        if (inputIds[t] === 4) masked++;
        else if (inputIds[t] === id) same++;
        else {
          random++;
          expect(special).not.toContain(inputIds[t]);
        }
      });
    }
    // 24,000 candidates: the standard error of the 15% rate is 0.23 points; these bounds are ~4 of them
    expect(Math.abs(chosen / candidates - 0.15)).toBeLessThan(0.01);
    expect(Math.abs(masked / chosen - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(random / chosen - 0.1)).toBeLessThan(0.025);
    expect(Math.abs(same / chosen - 0.1)).toBeLessThan(0.025);
    console.log(`[mlm] candidates=${candidates} chosen=${chosen} mask=${masked} random=${random} unchanged=${same}`);
  });

  it("pads first: padding is never chosen, labels there are ignored; same seed -> same batch", () => {
    const seqs = [[2, 10, 11, 12, 13, 14, 3], [2, 20, 3]];
    const a = maskedLmBatch(seqs, opts(3));
    const b = maskedLmBatch(seqs, opts(3));
    expect(a.inputIds.toArray()).toEqual(b.inputIds.toArray());
    expect(a.labels.toArray()).toEqual(b.labels.toArray());
    expect(a.attentionMask.toArray()).toEqual([[true, true, true, true, true, true, true], [true, true, true, false, false, false, false]]);
    const ids = a.inputIds.toArray() as number[][];
    const labels = a.labels.toArray() as number[][];
    expect(ids[1].slice(3)).toEqual([0, 0, 0, 0]);
    expect(labels[1].slice(3)).toEqual([IGNORE_INDEX, IGNORE_INDEX, IGNORE_INDEX, IGNORE_INDEX]);
    const differs = [1, 2, 4, 6, 7, 8].some((seed) => JSON.stringify(maskedLmBatch(seqs, opts(seed)).labels.toArray()) !== JSON.stringify(labels));
    expect(differs).toBe(true);
  });

  it("maskedLmOptions reads the ids from a tokenizer; BERT's special tokens are never chosen", () => {
    const bert = loadBertTokenizer();
    const o = maskedLmOptions(bert, new Rng(1), 0.5);
    expect([o.maskId, o.padId, o.vocabSize, o.probability]).toEqual([103, 0, 30522, 0.5]);
    expect([...o.specialIds].sort((a, b) => a - b)).toEqual([0, 100, 101, 102, 103]);
    const seqs = ["the whale swam", "call me ishmael today"].map((t) => bert.encode(t));
    const b = maskedLmBatch(seqs, o);
    const labels = b.labels.toArray() as number[][];
    seqs.forEach((s, i) => {
      expect(labels[i][0]).toBe(IGNORE_INDEX); // [CLS]
      expect(labels[i][s.length - 1]).toBe(IGNORE_INDEX); // [SEP]
    });
    expect(() => maskedLmOptions(loadGpt2Tokenizer(), new Rng(1))).toThrow(/this tokenizer has no mask token/);
  });

  it("rejects a probability outside [0, 1]", () => {
    expect(() => maskTokens([5, 6], { ...opts(1), probability: 1.5 })).toThrow(/probability must be in \[0, 1\], got 1.5/);
  });
});
