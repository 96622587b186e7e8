/**
 * "It learns": tiny models with fixed seeds fit simple tasks in a few seconds. Each test logs its
 * measured time (the figure quoted in the project's notes) and asserts only the learning outcome.
 * The encoder-decoder reversal task is in tests/train/learns.test.ts (through train() and generate()).
 */
import { describe, expect, it } from "vitest";
import { GPT, BERT, Rng, tensor, noGrad, crossEntropy, Adam } from "qkv";

const int32 = (rows: number[][]) => tensor(rows, { dtype: "int32" });

describe("it learns", () => {
  it("a 1-layer GPT drives the loss on a 32-token sequence below 0.05", () => {
    const t0 = performance.now();
    const rng = new Rng(42);
    const V = 16;
    const seq = Array.from({ length: 33 }, () => rng.int(0, V));
    const x = int32([seq.slice(0, 32)]);
    const y = int32([seq.slice(1, 33)]);
    const gpt = new GPT({ vocabSize: V, nPositions: 32, nEmbd: 32, nLayer: 1, nHead: 2 }, new Rng(1));
    const opt = new Adam(gpt, { lr: 1e-2 });
    let loss = Infinity;
    let steps = 0;
    const first = crossEntropy(gpt.forward(x), y).item();
    while (loss >= 0.05 && steps < 300) {
      opt.zeroGrad();
      const l = crossEntropy(gpt.forward(x), y);
      l.backward();
      opt.step();
      loss = l.item();
      steps++;
    }
    const final = noGrad(() => crossEntropy(gpt.forward(x), y).item());
    console.log(`GPT 1-layer (${gpt.numParameters()} params): loss ${first.toFixed(3)} -> ${final.toFixed(4)} in ${steps} steps, ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    expect(first).toBeGreaterThan(2); // ≈ ln 16 at the start
    expect(final).toBeLessThan(0.05);
  });

  it("a frozen BERT encoder stays bit-identical while a new classification head trains", () => {
    const t0 = performance.now();
    const bert = new BERT({ vocabSize: 12, hiddenSize: 16, numAttentionHeads: 2, numLabels: 2 }, new Rng(5));
    bert.bert.freeze();
    const before = Object.fromEntries(bert.bert.namedParameters().map(([n, p]) => [n, Float32Array.from(p.data)]));
    const headBefore = Float32Array.from(bert.classifier!.weight.data);
    // label = does the sequence contain token 3
    const rng = new Rng(9);
    const xs = Array.from({ length: 32 }, () => Array.from({ length: 6 }, () => rng.int(0, 12)));
    const ys = xs.map((r) => (r.includes(3) ? 1 : 0));
    const opt = new Adam(bert, { lr: 1e-2 });
    const first = crossEntropy(bert.classify(int32(xs)), tensor(ys, { dtype: "int32" })).item();
    let loss = first;
    for (let step = 0; step < 30; step++) {
      opt.zeroGrad();
      const l = crossEntropy(bert.classify(int32(xs)), tensor(ys, { dtype: "int32" }));
      l.backward();
      opt.step();
      loss = l.item();
    }
    for (const [n, p] of bert.bert.namedParameters()) {
      expect(p.grad, n).toBeNull();
      expect(Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).equals(Buffer.from(before[n].buffer)), n).toBe(true);
    }
    expect(Array.from(bert.classifier!.weight.data)).not.toEqual(Array.from(headBefore));
    console.log(`frozen BERT + head: loss ${first.toFixed(3)} -> ${loss.toFixed(3)} in 30 steps, trainable ${bert.numParameters({ trainableOnly: true })} of ${bert.numParameters()}, ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    expect(loss).toBeLessThan(first);
  });
});
