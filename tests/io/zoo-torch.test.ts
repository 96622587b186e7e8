// Interop: zoo-layout folders loaded into reference PyTorch implementations (GPT2LMHeadModel,
// BertForMaskedLM, BertForSequenceClassification, written after transformers' modeling files) by
// tests/fixtures/make_zoo_fixtures.py. For every JSON it wrote: the folder still holds the weights PyTorch
// read (same sha256), qkv's tokenizer gives the ids the script's independent reading of tokenizer.json
// gave, and qkv's logits agree with PyTorch's to 1e-4. Until the real zoo models ship, the folders are
// tiny recipe builds committed in tests/fixtures/zoo/; run the script on models/<name> to add the real ones.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BERT, GPT, fromPretrained, noGrad, sha256Of, tensor } from "qkv";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = join(root, "tests", "fixtures", "zoo-torch");

interface Values {
  shape: number[];
  data: number[];
}

/** Largest absolute difference, and that divided by the reference's largest magnitude. */
function compare(got: ArrayLike<number>, want: Values): { abs: number; rel: number } {
  let abs = 0;
  let scale = 0;
  want.data.forEach((w, i) => {
    abs = Math.max(abs, Math.abs(got[i] - w));
    scale = Math.max(scale, Math.abs(w));
  });
  return { abs, rel: abs / scale };
}

interface Fixture {
  folder: string;
  architecture: string;
  sha256: string;
  cases: { text: string; ids: number[]; logits: Values; last_hidden_state: Values }[];
}

const fixtures: [string, Fixture][] = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(join(dir, f), "utf8")) as Fixture]);

describe("zoo folders against PyTorch", () => {
  it("covers GPT and BERT (masked LM and classifier)", () => {
    expect(new Set(fixtures.map(([, f]) => f.architecture))).toEqual(new Set(["GPT2LMHeadModel", "BertForMaskedLM", "BertForSequenceClassification"]));
  });

  describe.each(fixtures)("%s", (_file, fixture) => {
    it("same weights, same token ids, logits within 1e-4", () => {
      const folder = join(root, fixture.folder);
      expect(sha256Of(join(folder, "model.safetensors")), `${fixture.folder}/model.safetensors changed since the fixture was made: rerun tests/fixtures/make_zoo_fixtures.py`).toBe(fixture.sha256);
      const { model, tokenizer, config } = fromPretrained(folder);
      expect((config.architectures as string[])[0]).toBe(fixture.architecture);
      for (const c of fixture.cases) {
        const limit = model instanceof GPT ? model.config.nPositions : (model as BERT).config.maxPositionEmbeddings;
        expect(tokenizer.encode(c.text).slice(0, limit), c.text).toEqual(c.ids);
        const ids = tensor([c.ids], { dtype: "int32" });
        const { logits, hidden } = noGrad(() => {
          if (model instanceof GPT) {
            const out = model.forward(ids, { outputHiddenStates: true });
            return { logits: out.logits, hidden: out.hiddenStates![out.hiddenStates!.length - 1] };
          }
          const bert = model as BERT;
          return { logits: bert.classifier ? bert.classify(ids) : bert.forward(ids), hidden: bert.encode(ids) };
        });
        expect(logits.shape).toEqual(c.logits.shape);
        expect(hidden.shape).toEqual(c.last_hidden_state.shape);
        // Absolute 1e-4 (the bar) and relative 1e-3: a small model's logits can be small, and a
        // wrong head would still be far off relative to their size.
        for (const [what, got, want] of [["logits", logits, c.logits], ["last hidden state", hidden, c.last_hidden_state]] as const) {
          const d = compare(got.data as Float32Array, want);
          expect(d.abs, `${what} of ${JSON.stringify(c.text)}`).toBeLessThanOrEqual(1e-4);
          expect(d.rel, `${what} of ${JSON.stringify(c.text)}`).toBeLessThanOrEqual(1e-3);
        }
      }
    });
  });
});
