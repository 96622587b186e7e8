// Every zoo recipe at its tiny size (a few seconds each): it runs, it is deterministic (two builds give
// the same bytes: config.json, model.safetensors, tokenizer files), and it writes a folder that
// fromPretrained loads and verifyPretrained accepts, with a model card that has what the issue asks for.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BERT, GPT, Transformer, fromPretrained, listPretrained, noGrad, parseCard, tensor, verifyPretrained } from "qkv";
import { type BuildResult, buildModel } from "../../scripts/zoo/common.js";
import { RECIPES } from "../../scripts/zoo/recipes.js";

const scratch = mkdtempSync(join(tmpdir(), "qkv-zoo-recipes-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const README = "# zoo\n\n<!-- zoo-index:start -->\n<!-- zoo-index:end -->\n";

function zoo(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "README.md"), README);
  return dir;
}

const first = zoo("first");
const second = zoo("second");
const built: Record<string, BuildResult> = {};
const logs: string[] = [];

beforeAll(() => {
  // RECIPES is in dependency order (bert-mini-sentiment after bert-mini-mlm).
  for (const recipe of RECIPES) {
    built[recipe.name] = buildModel(recipe, { zooDir: first, size: "tiny", showProgress: false, log: (l) => logs.push(l) });
    buildModel(recipe, { zooDir: second, size: "tiny", showProgress: false, log: () => {} });
  }
}, 180_000);

describe.each(RECIPES.map((r) => [r.name]))("recipe %s (tiny)", (name) => {
  it("gives the same bytes when built twice", () => {
    for (const f of built[name].files) {
      expect(readFileSync(join(second, name, f.file)).equals(readFileSync(join(first, name, f.file))), f.file).toBe(true);
    }
    expect(built[name].files.map((f) => f.file)).toEqual(expect.arrayContaining(["config.json", "model.safetensors", "tokenizer.json"]));
  });

  it("writes a folder fromPretrained loads, with finite outputs", () => {
    const p = fromPretrained(name, { zooDir: first });
    expect(p.model.numParameters()).toBe(built[name].parameters);
    const ids = tensor([p.tokenizer.encode(p.card!.example!).slice(0, 8)], { dtype: "int32" });
    const out = noGrad(() => {
      if (p.model instanceof GPT) return p.model.forward(ids);
      if (p.model instanceof BERT) return p.model.classifier ? p.model.classify(ids) : p.model.forward(ids);
      const t = p.model as Transformer;
      return t.forward(ids, tensor([[p.targetTokenizer!.specialId("bos")]], { dtype: "int32" }));
    });
    expect(Array.from(out.data as Float32Array).every(Number.isFinite)).toBe(true);
  });

  it("has a model card with data, rebuild command, time and machine, hyper-parameters, metrics, use, limitations, licence, kernels, sha256", () => {
    const card = parseCard(readFileSync(join(first, name, "README.md"), "utf8"));
    for (const section of ["Training data", "Training", "Metrics", "Intended use", "Limitations", "Hyper-parameters", "How it was built", "Licence"]) {
      expect(card.text).toContain(`## ${section}\n`);
    }
    expect(card.text).toContain(`\`npm run zoo -- build ${name} --size tiny\``);
    expect(card.text).toMatch(/Built in \d+ s .* on .*cores/);
    expect(card.text).toMatch(/Kernels: (js|wasm) kernels, source digest [0-9a-f]{16}/);
    expect(card.text).toMatch(/data\/SOURCES\.md/);
    expect(card.meta.license).toBeTruthy();
    const weights = card.files.find((f) => f.file === "model.safetensors");
    expect(weights?.sha256).toBe(built[name].files.find((f) => f.file === "model.safetensors")!.sha256);
    for (const value of Object.values(built[name].metrics)) expect(Number.isFinite(value)).toBe(true);
  });
});

describe("the tiny zoo as a whole", () => {
  it("passes verifyPretrained, lists every model, and the index names them", () => {
    const report = verifyPretrained({ zooDir: first });
    expect(report.lines.join("\n")).not.toMatch(/FAIL/);
    expect(report.ok).toBe(true);
    expect(listPretrained({ zooDir: first }).map((e) => e.architecture).sort()).toEqual(["BertForMaskedLM", "BertForSequenceClassification", "GPT2LMHeadModel", "qkv-transformer"]);
    expect(readFileSync(join(first, "README.md"), "utf8")).toMatch(/\| \[transformer-g2p\]\(transformer-g2p\/\) \| qkv-transformer \|/);
  });

  it("the recipes report their progress and metrics", () => {
    expect(logs.join("\n")).toMatch(/baselines \(test\): bigram [\d.]+, best n-gram k=\d/);
    expect(logs.join("\n")).toMatch(/masked-token accuracy validation/);
    expect(logs.join("\n")).toMatch(/test accuracy [\d.]+% \(naive Bayes/);
    expect(logs.join("\n")).toMatch(/test exact match [\d.]+%, phoneme error rate/);
  });

  it("bert-mini-sentiment needs bert-mini-mlm in the same zoo", () => {
    const sentiment = RECIPES.find((r) => r.name === "bert-mini-sentiment")!;
    expect(() => buildModel(sentiment, { zooDir: zoo("lonely"), size: "tiny", showProgress: false, log: () => {} }))
      .toThrow(/starts from bert-mini-mlm, which is not in .*lonely; build it first: npm run zoo -- build bert-mini-mlm --size tiny/);
  });
});
