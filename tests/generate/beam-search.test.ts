import { describe, expect, it } from "vitest";
import { Rng, beamSearch, generate, tensor, type Tensor } from "qkv";

/** A model whose next-token logits depend on the last two tokens through a fixed table (V² rows of V). */
function tableModel(v: number, table: number[][]) {
  return {
    forward(ids: Tensor): Tensor {
      const [b, t] = ids.shape;
      const out = new Float32Array(b * t * v);
      for (let i = 0; i < b; i++) {
        for (let j = 0; j < t; j++) {
          const last = ids.data[i * t + j];
          const before = j > 0 ? ids.data[i * t + j - 1] : 0;
          out.set(table[before * v + last], (i * t + j) * v);
        }
      }
      return tensor(out, { shape: [b, t, v] });
    },
  };
}

const logSoftmax = (row: number[]) => {
  const m = Math.max(...row);
  const z = m + Math.log(row.reduce((s, x) => s + Math.exp(x - m), 0));
  return row.map((x) => x - z);
};

describe("beamSearch", () => {
  // From token 0: 1 is likelier (0.6) than 2 (0.4), but after 1 everything is uncertain (≈ 1/3 each),
  // while after 2 comes 2 almost surely. Best 2-token continuation: 2, 2 (p 0.4) over 1, x (p ≈ 0.2).
  const p = (a: number[]) => a.map((x) => Math.log(Math.max(x, 1e-9)));
  const rows = [p([0, 0.6, 0.4]), p([0.34, 0.33, 0.33]), p([0, 0, 1])];
  const crafted = tableModel(3, [...rows, ...rows, ...rows]); // ignores the token before the last

  it("finds a more probable sequence than greedy decoding (hand-computed)", () => {
    expect(generate(crafted, [0], { maxNewTokens: 2 })).toEqual([0, 1, 0]);
    const [best] = beamSearch(crafted, [0], { beamWidth: 2, maxNewTokens: 2, lengthPenalty: 0 });
    expect(best.tokens).toEqual([0, 2, 2]);
    expect(best.logProb).toBeCloseTo(Math.log(0.4), 5);
  });

  it("with beamWidth 1 is greedy decoding", () => {
    expect(beamSearch(crafted, [0], { beamWidth: 1, maxNewTokens: 2 })[0].tokens).toEqual([0, 1, 0]);
  });

  it("is exact when the beam holds every prefix: matches brute force over all sequences", () => {
    for (const seed of [1, 2, 3]) {
      const rng = new Rng(seed);
      const v = 3;
      const table = Array.from({ length: v * v }, () => Array.from({ length: v }, () => 3 * rng.normal()));
      const model = tableModel(v, table);
      let bestLogProb = -Infinity;
      let bestTokens: number[] = [];
      for (let a = 0; a < v; a++) {
        for (let b = 0; b < v; b++) {
          for (let c = 0; c < v; c++) {
            const seq = [1, a, b, c];
            let lp = 0;
            for (let k = 1; k < seq.length; k++) lp += logSoftmax(table[(k >= 2 ? seq[k - 2] : 0) * v + seq[k - 1]])[seq[k]];
            if (lp > bestLogProb) [bestLogProb, bestTokens] = [lp, seq];
          }
        }
      }
      const [best] = beamSearch(model, [1], { beamWidth: 9, maxNewTokens: 3, lengthPenalty: 0 });
      expect(best.tokens, `seed ${seed}`).toEqual(bestTokens);
      expect(best.logProb).toBeCloseTo(bestLogProb, 4);
    }
  });

  it("ends hypotheses at the stop token and ranks them by length-normalised score", () => {
    // After 0: stop (token 2) with p 0.5, or 1 with p 0.5; after 1: 1 again with p 0.9.
    const rows2 = [p([0, 0.5, 0.5]), p([0.05, 0.9, 0.05]), p([1 / 3, 1 / 3, 1 / 3])];
    const model = tableModel(3, [...rows2, ...rows2, ...rows2]);
    const raw = beamSearch(model, [0], { beamWidth: 2, maxNewTokens: 4, stopToken: 2, lengthPenalty: 0 });
    expect(raw[0].tokens).toEqual([0, 2]); // log 0.5 beats log(0.5·0.9³) when length is not normalised
    const normalised = beamSearch(model, [0], { beamWidth: 2, maxNewTokens: 4, stopToken: 2, lengthPenalty: 1 });
    expect(normalised[0].tokens).toEqual([0, 1, 1, 1, 1]); // mean log-prob per token is higher
    expect(normalised[0].score).toBeCloseTo((Math.log(0.5) + 3 * Math.log(0.9)) / 4, 5);
    expect(() => beamSearch(model, [0], { beamWidth: 0, maxNewTokens: 1 })).toThrow(/beamSearch: beamWidth must be an integer >= 1/);
  });
});
