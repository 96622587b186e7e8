import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCheckpoint, readSafetensors, saveCheckpoint, tensor, type Tensor } from "qkv";

const scratch = mkdtempSync(join(tmpdir(), "qkv-ckpt-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The smallest thing with a state dict: two named tensors, and a loadStateDict that copies values in. */
function tinyModel() {
  const params: Record<string, Tensor> = {
    "linear.weight": tensor([[1, 2, 3], [4, 5, 6]]),
    "linear.bias": tensor([0.5, -0.5]),
  };
  return {
    params,
    stateDict: () => params,
    loadStateDict(sd: Record<string, Tensor>) {
      for (const [k, v] of Object.entries(sd)) (params[k].data as Float32Array).set(v.data as Float32Array);
    },
  };
}

describe("saveCheckpoint / loadCheckpoint", () => {
  it("writes the Hugging Face layout: config.json, model.safetensors with format pt, tokenizer.json", () => {
    const dir = join(scratch, "hf-layout");
    const tokenizerPath = join(scratch, "tok.json");
    writeFileSync(tokenizerPath, JSON.stringify({ version: "1.0", model: { type: "WordLevel", vocab: { a: 0 } } }));
    saveCheckpoint(dir, tinyModel(), { model_type: "toy", hidden_size: 3 }, { tokenizer: tokenizerPath });
    expect(JSON.parse(readFileSync(join(dir, "config.json"), "utf8"))).toEqual({ model_type: "toy", hidden_size: 3 });
    const weights = readSafetensors(join(dir, "model.safetensors"));
    expect(weights.metadata).toEqual({ format: "pt" });
    expect(weights.tensors["linear.weight"].toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(readFileSync(join(dir, "tokenizer.json"), "utf8")).toBe(readFileSync(tokenizerPath, "utf8"));
  });

  it("loads the weights back into a model", () => {
    const dir = join(scratch, "roundtrip");
    const saved = tinyModel();
    saveCheckpoint(dir, saved, { note: "x" }, { tokenizer: { kind: "char", vocab: ["a", "b"] } });
    const fresh = tinyModel();
    (fresh.params["linear.bias"].data as Float32Array).fill(0);
    const ckpt = loadCheckpoint(dir, fresh);
    expect(Array.from(fresh.params["linear.bias"].data)).toEqual([0.5, -0.5]);
    expect(ckpt.config).toEqual({ note: "x" });
    expect(ckpt.tokenizer).toEqual({ kind: "char", vocab: ["a", "b"] });
    expect(Object.keys(ckpt.stateDict).sort()).toEqual(["linear.bias", "linear.weight"]);
  });

  it("works without a tokenizer, and from a plain state dict", () => {
    const dir = join(scratch, "plain");
    saveCheckpoint(dir, { w: tensor([1, 2]) }, {});
    expect(existsSync(join(dir, "tokenizer.json"))).toBe(false);
    expect(loadCheckpoint(dir).tokenizer).toBeNull();
  });

  it("says what is missing or broken", () => {
    expect(() => loadCheckpoint(join(scratch, "nowhere"))).toThrow(/loadCheckpoint: .*nowhere: missing .*config\.json/);
    const dir = join(scratch, "broken");
    saveCheckpoint(dir, { w: tensor([1]) }, {});
    writeFileSync(join(dir, "config.json"), "{ not json");
    expect(() => loadCheckpoint(dir)).toThrow(/config\.json is not valid JSON/);
    expect(() => saveCheckpoint(dir, { w: tensor([1]) }, [] as unknown as object)).toThrow(/config must be an object/);
    expect(() => saveCheckpoint(dir, { w: tensor([1]) }, {}, { tokenizer: join(scratch, "absent.json") })).toThrow(/tokenizer file .*absent\.json does not exist/);
  });
});
