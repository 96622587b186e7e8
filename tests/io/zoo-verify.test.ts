// `npm run zoo -- verify` as part of `npm test`: the shipped zoo (models/) checked by the same function
// the command runs, and that function's verdicts on small zoos damaged on purpose.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GPT, Rng, ZOO_DIR, buildCharTokenizer, readSafetensors, readZooIndex, savePretrained, updateZooIndex, verifyPretrained, zooNames } from "qkv";
import { parseArgs } from "../../scripts/zoo.js";

const scratch = mkdtempSync(join(tmpdir(), "qkv-zoo-verify-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the shipped zoo (models/)", () => {
  it("passes verify: every file matches its card, every model loads and gives finite outputs on a real sentence", () => {
    const report = verifyPretrained();
    expect(report.lines.join("\n")).not.toMatch(/FAIL/);
    expect(report.ok).toBe(true);
    // An empty zoo is accepted only while its index lists no model (nothing has shipped yet), and the report says so.
    if (zooNames(ZOO_DIR).length === 0) {
      expect(readZooIndex(ZOO_DIR)).toEqual([]);
      expect(report.empty).toBe(true);
      expect(report.lines[0]).toMatch(/no model has shipped yet/);
    } else {
      expect(report.models.length).toBe(zooNames(ZOO_DIR).length);
      for (const m of report.models) expect(m.forward).toMatch(/all finite/);
    }
  });
});

const text = "Call me Ishmael. Some years ago, never mind how long precisely.";
const tok = buildCharTokenizer(text, { specialTokens: { unk: "[UNK]" } });
const README = "# zoo\n\n<!-- zoo-index:start -->\n<!-- zoo-index:end -->\n";

/** A zoo with one GPT, its card and an up-to-date index. */
function zooWithOne(name: string): string {
  const zoo = join(scratch, name);
  mkdirSync(zoo, { recursive: true });
  writeFileSync(join(zoo, "README.md"), README);
  const model = new GPT({ vocabSize: tok.vocabSize, nPositions: 32, nEmbd: 8, nLayer: 1, nHead: 2 }, new Rng(1));
  savePretrained(join(zoo, "toy"), { model, tokenizer: tok, card: { summary: "toy", license: "MIT", example: "Call me", body: "## Model\n\nA toy." } });
  updateZooIndex(zoo);
  return zoo;
}

describe("verifyPretrained", () => {
  it("an empty zoo whose index lists nothing passes and says nothing has shipped", () => {
    const zoo = join(scratch, "empty");
    mkdirSync(zoo, { recursive: true });
    writeFileSync(join(zoo, "README.md"), README);
    const report = verifyPretrained({ zooDir: zoo });
    expect(report.ok).toBe(true);
    expect(report.empty).toBe(true);
    expect(report.lines[0]).toMatch(/no model has shipped yet/);
  });

  it("a good zoo passes; the index lists it", () => {
    const zoo = zooWithOne("good");
    expect(readZooIndex(zoo)).toEqual(["toy"]);
    const report = verifyPretrained({ zooDir: zoo });
    expect(report.ok).toBe(true);
    expect(report.empty).toBe(false);
    expect(report.models[0].forward).toMatch(/^logits \(1, 7, \d+\) on "Call me": all finite$/);
  });

  it("a shipped model whose folder is gone fails (an empty zoo is tolerated only before anything shipped)", () => {
    const zoo = zooWithOne("lost");
    rmSync(join(zoo, "toy"), { recursive: true });
    const report = verifyPretrained({ zooDir: zoo });
    expect(report.ok).toBe(false);
    expect(report.empty).toBe(false);
    expect(report.lines.join("\n")).toMatch(/README\.md lists toy, but .*toy is missing/);
  });

  it("a folder the index does not list, a file the card does not list, a folder without config.json, a missing index", () => {
    const zoo = zooWithOne("unlisted");
    cpSync(join(zoo, "toy"), join(zoo, "toy2"), { recursive: true });
    writeFileSync(join(zoo, "toy", "notes.txt"), "hello");
    mkdirSync(join(zoo, "half-built"));
    const lines = verifyPretrained({ zooDir: zoo }).lines.join("\n");
    expect(lines).toMatch(/toy2: not listed in .*README\.md's index/);
    expect(lines).toMatch(/toy\/notes\.txt: not listed in README\.md's files table/);
    expect(lines).toMatch(/half-built: a folder without config\.json/);
    rmSync(join(zoo, "README.md"));
    expect(verifyPretrained({ zooDir: zoo }).lines.join("\n")).toMatch(/README\.md: missing, or without the index markers/);
  });

  it("a zoo over its size budget fails", () => {
    const zoo = zooWithOne("budget");
    expect(verifyPretrained({ zooDir: zoo }).ok).toBe(true);
    const report = verifyPretrained({ zooDir: zoo, budgetBytes: 1000 });
    expect(report.ok).toBe(false);
    expect(report.lines.join("\n")).toMatch(/the models take [\d,]+ bytes, over the budget of 1,000/);
  });

  it("a file that differs from its card fails, naming the file", () => {
    const zoo = zooWithOne("changed");
    const path = join(zoo, "toy", "tokenizer.json");
    writeFileSync(path, readFileSync(path, "utf8").replace("[UNK]", "[UNX]"));
    const report = verifyPretrained({ zooDir: zoo });
    expect(report.ok).toBe(false);
    expect(report.models[0].problems.join("\n")).toMatch(/toy\/tokenizer\.json: sha256 [0-9a-f]{64} differs from README\.md's/);
  });

  it("a model whose forward pass is not finite fails", () => {
    const zoo = zooWithOne("nan");
    const weights = join(zoo, "toy", "model.safetensors");
    const { tensors } = readSafetensors(weights);
    (tensors["transformer.ln_f.weight"].data as Float32Array)[0] = Number.NaN;
    const model = new GPT({ vocabSize: tok.vocabSize, nPositions: 32, nEmbd: 8, nLayer: 1, nHead: 2 });
    model.loadStateDict(tensors);
    savePretrained(join(zoo, "toy"), { model, tokenizer: tok, card: { summary: "toy", license: "MIT", example: "Call me", body: "## Model\n\nA toy." } });
    const report = verifyPretrained({ zooDir: zoo });
    expect(report.ok).toBe(false);
    expect(report.models[0].problems.join("\n")).toMatch(/forward pass on "Call me" gave non-finite logits/);
  });
});

describe("npm run zoo: the command line", () => {
  it("parses the commands and their options", () => {
    expect(parseArgs(["verify"])).toMatchObject({ command: "verify", names: [] });
    expect(parseArgs(["build", "gpt-moby-char", "--size", "tiny", "--quiet"])).toMatchObject({ command: "build", names: ["gpt-moby-char"], size: "tiny", quiet: true });
    expect(parseArgs(["list", "--help"])).toBe("help");
  });

  it("an unknown option, command or recipe is an error listing the valid ones", () => {
    expect(() => parseArgs(["build", "gpt-moby-char", "--steps", "3"])).toThrow(/unknown option --steps; valid options: --zoo, --size, --quiet, --help \(for "build"\)/);
    expect(() => parseArgs(["--bogus"])).toThrow(/unknown option --bogus; valid options: --zoo, --size, --quiet, --help \(after a command\)/);
    expect(() => parseArgs(["verify", "--size", "tiny"])).toThrow(/unknown option --size; valid options: --zoo, --help \(for "verify"\)/);
    expect(() => parseArgs(["verfy"])).toThrow(/unknown command "verfy" \(valid: list, verify, build, index, recipes\)/);
    expect(() => parseArgs(["build", "gpt-2"])).toThrow(/no recipe named "gpt-2" \(recipes: gpt-moby-char, bert-mini-mlm, bert-mini-sentiment, transformer-g2p\)/);
    expect(() => parseArgs(["build"])).toThrow(/build needs a recipe name/);
    expect(() => parseArgs(["build", "gpt-moby-char", "--size", "huge"])).toThrow(/--size must be "full" or "tiny", got "huge"/);
    expect(() => parseArgs(["build", "gpt-moby-char", "--zoo"])).toThrow(/--zoo needs a value/);
    expect(() => parseArgs([])).toThrow(/give a command/);
  });
});
