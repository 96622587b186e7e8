import { describe, expect, it } from "vitest";
import { Rng, embedding, generate, sampleFromLogits, samplingDistribution, tensor, type Tensor } from "qkv";

const probs = [0.4, 0.3, 0.2, 0.1];
const logits = probs.map(Math.log);
const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i], 10);
};

describe("samplingDistribution (hand-computed on probabilities 0.4, 0.3, 0.2, 0.1)", () => {
  it("temperature 1 gives the softmax; temperature 2 flattens it (p^(1/2), renormalised)", () => {
    close(samplingDistribution(logits, { strategy: "temperature" }), probs);
    const root = probs.map(Math.sqrt);
    const z = root.reduce((a, b) => a + b);
    close(samplingDistribution(logits, { strategy: "temperature", temperature: 2 }), root.map((r) => r / z));
  });

  it("topK keeps the k most likely tokens, and ties with the k-th", () => {
    close(samplingDistribution(logits, { strategy: "topK", topK: 2 }), [4 / 7, 3 / 7, 0, 0]);
    close(samplingDistribution([1, 2, 2, 0], { strategy: "topK", topK: 2 }), [0, 0.5, 0.5, 0]);
    close(samplingDistribution([1, 3, 2, 0], { strategy: "topK", topK: 1 }), [0, 1, 0, 0]);
  });

  it("topP keeps the fewest most likely tokens whose mass reaches p", () => {
    close(samplingDistribution(logits, { strategy: "topP", topP: 0.6 }), [4 / 7, 3 / 7, 0, 0]);
    close(samplingDistribution(logits, { strategy: "topP", topP: 0.75 }), [4 / 9, 3 / 9, 2 / 9, 0]);
    close(samplingDistribution(logits, { strategy: "topP", topP: 0.35 }), [1, 0, 0, 0]);
    close(samplingDistribution(logits, { strategy: "topP", topP: 1 }), probs);
  });

  it("greedy (and temperature 0) is the argmax", () => {
    close(samplingDistribution(logits), [1, 0, 0, 0]);
    expect(sampleFromLogits([0.1, 2, -1])).toBe(1);
    expect(sampleFromLogits([0.1, 2, -1], { strategy: "temperature", temperature: 0 })).toBe(1);
  });
});

describe("sampleFromLogits", () => {
  it("draws with the right frequencies, and the same seed gives the same draws", () => {
    const rng = new Rng(7);
    const counts = [0, 0, 0, 0];
    const draws: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const k = sampleFromLogits(logits, { strategy: "temperature", rng });
      counts[k]++;
      draws.push(k);
    }
    counts.forEach((c, i) => expect(Math.abs(c / 4000 - probs[i])).toBeLessThan(0.03));
    const again = new Rng(7);
    expect(Array.from({ length: 4000 }, () => sampleFromLogits(logits, { strategy: "temperature", rng: again }))).toEqual(draws);
  });

  it("never picks a token that top-k or top-p filtered out", () => {
    const rng = new Rng(3);
    for (let i = 0; i < 500; i++) {
      expect(sampleFromLogits(logits, { strategy: "topK", topK: 2, rng })).toBeLessThan(2);
      expect(sampleFromLogits(logits, { strategy: "topP", topP: 0.75, rng })).toBeLessThan(3);
    }
  });

  it("takes a Tensor (V), (B, V) or (B, T, V) (last position)", () => {
    expect(sampleFromLogits(tensor([0, 5, 1]))).toBe(1);
    expect(sampleFromLogits(tensor([[0, 5, 1], [9, 0, 0]]))).toEqual([1, 0]);
    expect(sampleFromLogits(tensor([[[9, 0, 0], [0, 0, 9]]]))).toEqual([2]);
  });

  it("explains missing settings", () => {
    expect(() => sampleFromLogits(logits, { strategy: "topK", rng: new Rng(1) })).toThrow(/strategy "topK" needs topK/);
    expect(() => sampleFromLogits(logits, { strategy: "temperature" })).toThrow(/strategy "temperature" samples and needs a seeded generator: pass \{ rng: new Rng\(seed\) \}/);
    expect(() => sampleFromLogits(logits, { strategy: "topP", topP: 1.5, rng: new Rng(1) })).toThrow(/topP must be in \(0, 1\]/);
    expect(() => sampleFromLogits(logits, { strategy: "beam" as never })).toThrow(/strategy must be "greedy", "temperature", "topK" or "topP"/);
  });
});

/**
 * A toy language model: the next token after i is (i + 1) mod V with logit 5 (others 0).
 * It records the length of every input, and its train/eval mode.
 */
function countingModel(v = 6) {
  const table = new Float32Array(v * v);
  for (let i = 0; i < v; i++) table[i * v + ((i + 1) % v)] = 5;
  const weight = tensor(table, { shape: [v, v] });
  const seenLengths: number[] = [];
  const modes: boolean[] = [];
  return {
    seenLengths,
    modes,
    training: true,
    train(mode = true) {
      this.training = mode;
    },
    eval() {
      this.training = false;
    },
    forward(ids: Tensor): Tensor {
      seenLengths.push(ids.shape[1]);
      modes.push(this.training);
      return embedding(weight, ids);
    },
  };
}

describe("generate with any forward(ids) -> logits model", () => {
  it("greedy follows the model's most likely continuation and stops at the stop token", () => {
    const model = countingModel();
    expect(generate(model, [0], { maxNewTokens: 4 })).toEqual([0, 1, 2, 3, 4]);
    expect(generate(model, [4, 5], { maxNewTokens: 10, stopToken: 2 })).toEqual([4, 5, 0, 1, 2]);
    expect(model.modes.every((m) => m === false)).toBe(true);
    expect(model.training).toBe(true);
  });

  it("keeps a batch rectangular: rows that stop early are padded with the stop token", () => {
    const out = generate(countingModel(), tensor([[0], [2]], { dtype: "int32" }), { maxNewTokens: 5, stopToken: 3 });
    expect(out.toArray()).toEqual([[0, 1, 2, 3], [2, 3, 3, 3]]);
    expect(generate(countingModel(), [[0], [2]], { maxNewTokens: 5, stopToken: 3 })).toEqual([[0, 1, 2, 3], [2, 3]]);
  });

  it("slides a window of contextLength tokens over long sequences", () => {
    const model = countingModel();
    generate(model, [0, 1], { maxNewTokens: 6, contextLength: 3 });
    expect(model.seenLengths).toEqual([2, 3, 3, 3, 3, 3]);
  });

  it("samples reproducibly with a seed and reports each token", () => {
    const steps: number[][] = [];
    const opts = { maxNewTokens: 12, strategy: "temperature" as const, temperature: 3 };
    const a = generate(countingModel(), [0], { ...opts, rng: new Rng(11), onToken: (t) => steps.push(t) });
    const b = generate(countingModel(), [0], { ...opts, rng: new Rng(11) });
    expect(a).toEqual(b);
    expect(steps.map((s) => s[0])).toEqual(a.slice(1));
    expect(a.slice(1).some((tok, i) => tok !== (a[i] + 1) % 6)).toBe(true); // T = 3 lets other tokens through
  });

  it("explains bad prompts and options", () => {
    const model = countingModel();
    expect(() => generate(model, [], { maxNewTokens: 1 })).toThrow(/generate: the prompt needs at least one token/);
    expect(() => generate(model, [[1, 2], [3]], { maxNewTokens: 1 })).toThrow(/prompt rows have different lengths \(2, 1\)/);
    expect(() => generate(model, tensor([1, 2]), { maxNewTokens: 1 })).toThrow(/prompt ids must be int32 \(B, T\), got float32 of shape \(2\)/);
    expect(() => generate(model, [1], { maxNewTokens: 1, useCache: true })).toThrow(/useCache needs a model with newCache\(\)/);
    expect(() => generate(model, [1], { maxNewTokens: -1 })).toThrow(/maxNewTokens must be an integer >= 0/);
  });
});
