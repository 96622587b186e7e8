/** The encoder-decoder Transformer: values against PyTorch, shapes, causality, padding, names, counts, errors. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Transformer, Rng, Tensor, tensor, paddingMask } from "qkv";
import { maxAbsDiff } from "../nn/fixture-helpers.js";

const int32 = (rows: number[][]) => tensor(rows, { dtype: "int32" });

describe("Transformer (encoder-decoder)", () => {
  const model = new Transformer({ srcVocabSize: 12, tgtVocabSize: 9, dModel: 16, nhead: 2, maxLen: 10 }, new Rng(0));

  it("forward: src (B, S), tgt (B, T) -> logits (B, T, tgtVocabSize)", () => {
    expect(model.forward(int32([[1, 2, 3, 4], [5, 6, 7, 8]]), int32([[0, 1, 2], [3, 4, 5]])).shape).toEqual([2, 3, 9]);
    expect(model.encode(int32([[1, 2, 3, 4]])).shape).toEqual([1, 4, 16]);
  });

  it("the decoder is causal: later target tokens do not change earlier logits", () => {
    const src = int32([[1, 2, 3, 4]]);
    const a = model.forward(src, int32([[0, 1, 2, 3]]));
    const b = model.forward(src, int32([[0, 1, 7, 8]]));
    expect(maxAbsDiff(a.slice(1, 0, 2), b.slice(1, 0, 2))).toBe(0);
    expect(maxAbsDiff(a.slice(1, 2, 4), b.slice(1, 2, 4))).toBeGreaterThan(1e-4);
  });

  it("the source padding mask hides padded source tokens from the encoder and the cross-attention", () => {
    const masks = { srcKeyPaddingMask: paddingMask([3], 5) };
    const tgt = int32([[0, 1, 2]]);
    const a = model.forward(int32([[1, 2, 3, 0, 0]]), tgt, masks);
    const b = model.forward(int32([[1, 2, 3, 9, 11]]), tgt, masks);
    expect(maxAbsDiff(a, b)).toBeLessThanOrEqual(1e-6);
    const c = model.forward(int32([[1, 2, 3, 9, 11]]), tgt);
    expect(maxAbsDiff(a, c)).toBeGreaterThan(1e-4); // without the mask they do matter
  });

  it("parameter names follow torch.nn.TransformerEncoder/Decoder; pre-norm adds final norms", () => {
    const names = model.namedParameters().map(([n]) => n);
    expect(names).toContain("encoder.layers.1.self_attn.in_proj_weight");
    expect(names).toContain("decoder.layers.0.multihead_attn.out_proj.weight");
    expect(names).toContain("generator.weight");
    expect(names.some((n) => n.startsWith("encoder.norm"))).toBe(false);
    const pre = new Transformer({ srcVocabSize: 12, tgtVocabSize: 9, dModel: 16, nhead: 2, normFirst: true }, new Rng(0));
    expect(pre.numParameters() - model.numParameters()).toBe(2 * 2 * 16);
  });

  it("parameter count of the default config (vocabularies 10 and 11)", () => {
    const t = new Transformer({ srcVocabSize: 10, tgtVocabSize: 11 }, new Rng(0));
    const C = 64, F = 256;
    const mha = 3 * C * C + 3 * C + C * C + C;
    const ffn = C * F + F + F * C + C;
    const enc = mha + ffn + 2 * 2 * C;
    const dec = 2 * mha + ffn + 3 * 2 * C;
    expect(t.numParameters()).toBe(10 * C + 11 * C + 2 * enc + 2 * dec + C * 11 + 11);
    expect(t.numParameters()).toBe(235_531);
  });

  it("bad inputs give clear errors", () => {
    expect(() => new Transformer({ srcVocabSize: 5, tgtVocabSize: 5, dModel: 10, nhead: 3 }, new Rng(0))).toThrow(/dModel=10 must be divisible by nhead=3/);
    expect(() => model.forward(tensor([[1, 2]]), int32([[1]]))).toThrow(/source ids must be an int32 tensor \(B, L\), got float32/);
    expect(() => model.forward(int32([[1, 2]]), int32([[1], [2]]))).toThrow(/must have the same batch size/);
    expect(() => model.forward(int32([Array(11).fill(1)]), int32([[1]]))).toThrow(/positions 0\.\.10 exceed maxLen=10/);
  });
});

describe("Transformer vs torch.nn.TransformerEncoder/Decoder (tests/fixtures/hf/seq2seq.json)", () => {
  // Made by tests/fixtures/make_hf_fixtures.py: token embeddings x √dModel + the sinusoid table, the
  // nn.Transformer stacks (post-norm, and pre-norm with final norms) with padding and causal masks,
  // then the generator; float32 parameters, logits computed by PyTorch in float64.
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, "..", "fixtures", "hf", "seq2seq.json"), "utf8"));
  const enc = (e: { shape: number[]; data: number[] }, dtype: "int32" | "bool") =>
    tensor(dtype === "bool" ? Uint8Array.from(e.data) : Int32Array.from(e.data), { shape: e.shape });
  const stateDict = (sd: Record<string, { shape: number[]; data: number[] }>) =>
    Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, tensor(Float32Array.from(v.data), { shape: v.shape })]));
  const diff = (a: Tensor, e: { shape: number[]; data: number[] }) => {
    expect(a.shape).toEqual(e.shape);
    return Math.max(...Array.from(a.data, (v, i) => Math.abs(v - e.data[i])));
  };

  for (const c of fixture.cases) {
    it(`${c.norm_first ? "pre" : "post"}-norm: PyTorch's state dict loads unchanged; logits agree in float32 (≤ 1e-5) and float64 (≤ 1e-10)`, () => {
      const masks = { srcKeyPaddingMask: enc(c.src_key_padding_mask, "bool"), tgtKeyPaddingMask: enc(c.tgt_key_padding_mask, "bool") };
      const f32 = new Transformer(c.config);
      f32.loadStateDict(stateDict(c.state_dict));
      expect(diff(f32.forward(enc(c.src, "int32"), enc(c.tgt, "int32"), masks), c.logits)).toBeLessThanOrEqual(1e-5);
      const f64 = new Transformer(c.config).to("float64");
      f64.loadStateDict(stateDict(c.state_dict));
      const logits = f64.forward(enc(c.src, "int32"), enc(c.tgt, "int32"), masks);
      expect(logits.dtype).toBe("float64");
      expect(diff(logits, c.logits)).toBeLessThanOrEqual(1e-10);
    });
  }
});
