import { describe, expect, it } from "vitest";
import { GPT, Rng, generate, noGrad, randn, tensor } from "qkv";

/**
 * A small GPT whose weights are drawn wider than GPT-2's init (std 0.3 instead of 0.02), so its
 * next-token scores are well separated and greedy decoding does not hinge on ties.
 */
function distinctiveGPT(seed: number): GPT {
  const rng = new Rng(seed);
  const gpt = new GPT({ vocabSize: 13, nPositions: 32, nEmbd: 16, nLayer: 2, nHead: 2 }, rng);
  for (const [name, p] of gpt.namedParameters()) {
    if (name.includes("ln_")) continue;
    (p.data as Float32Array).set(randn(p.shape, rng).mul(0.3).data as Float32Array);
  }
  return gpt;
}

describe("generate with GPT's KV cache", () => {
  it("gives the same greedy tokens as the uncached path, and feeds one token per step", () => {
    const gpt = distinctiveGPT(2);
    const prompt = [3, 1, 4, 1, 5];
    const cached = generate(gpt, prompt, { maxNewTokens: 20 });
    const uncached = generate(gpt, prompt, { maxNewTokens: 20, useCache: false });
    expect(cached).toHaveLength(25);
    expect(cached).toEqual(uncached);
    expect(new Set(cached.slice(5)).size).toBeGreaterThan(1); // a real continuation, not one repeated id

    const fed: number[] = [];
    const spy = { forward: (ids: Parameters<GPT["forward"]>[0], o?: { cache?: unknown }) => (fed.push(ids.shape[1]), gpt.forward(ids, o as never)), newCache: () => gpt.newCache(), config: gpt.config };
    generate(spy, prompt, { maxNewTokens: 4 });
    expect(fed).toEqual([5, 1, 1, 1]);
  });

  it("gives the same sampled tokens for a batch with the same seed, with and without the cache", () => {
    const gpt = distinctiveGPT(5);
    const prompt = tensor([[1, 2, 3], [7, 7, 0]], { dtype: "int32" });
    const opts = { maxNewTokens: 15, strategy: "topP" as const, topP: 0.9, temperature: 0.8 };
    const cached = generate(gpt, prompt, { ...opts, rng: new Rng(42) });
    const uncached = generate(gpt, prompt, { ...opts, rng: new Rng(42), useCache: false });
    expect(cached.shape).toEqual([2, 18]);
    expect(cached.toArray()).toEqual(uncached.toArray());
  });

  it("the cached logits match the uncached ones position by position (≤ 1e-5)", () => {
    const gpt = distinctiveGPT(3);
    const ids = [5, 2, 8, 8, 1, 0, 12];
    noGrad(() => {
      const full = gpt.forward(tensor([ids], { dtype: "int32" })); // (1, 7, V)
      const cache = gpt.newCache();
      ids.forEach((id, t) => {
        const step = gpt.forward(tensor([[id]], { dtype: "int32" }), { cache }); // (1, 1, V)
        const row = full.data.subarray(t * 13, (t + 1) * 13);
        step.data.forEach((x, i) => expect(Math.abs(x - row[i])).toBeLessThan(1e-5));
      });
    });
  });

  it("refuses to run the cache past the context, and slides the window without it", () => {
    const gpt = distinctiveGPT(4);
    expect(() => generate(gpt, [1, 2, 3], { maxNewTokens: 31 })).toThrow(/prompt \(3\) \+ maxNewTokens \(31\) - 1 positions exceed the model's context of 32 with the KV cache/);
    expect(generate(gpt, [1, 2, 3], { maxNewTokens: 31, useCache: false })).toHaveLength(34);
  });
});
