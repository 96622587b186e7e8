import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_DIR, loadFirstNames, loadMobyDick, loadPronunciations, loadSentiment, loadSotu } from "../../src/data/index.js";

const ROOT = join(DATA_DIR, "..");

/** Every file under dir except SOURCES.md (hand-written) and .gitkeep, as relative paths. */
function dataFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== "SOURCES.md" && name !== ".gitkeep") out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("shipped data sets", () => {
  it("Moby-Dick: 135 chapters, from 'Call me Ishmael' to the last line", () => {
    const text = loadMobyDick();
    expect(text.startsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael.")).toBe(true);
    expect(text.match(/^CHAPTER \d+\./gm)?.length).toBe(135);
    expect(text.trimEnd().endsWith("as it rolled five thousand years ago.")).toBe(true);
  });
  it("State of the Union: 62 addresses, 1961 to 2021", () => {
    const sotu = loadSotu();
    expect(sotu.length).toBe(62);
    expect([sotu[0].year, sotu[sotu.length - 1].year]).toEqual([1961, 2021]);
    expect(sotu.every((a) => a.text.length > 1000)).toBe(true);
  });
  it("sentiment: 3 x 1,000 sentences, 500 positive and 500 negative from each source", () => {
    const all = loadSentiment();
    expect(all.length).toBe(3000);
    for (const source of ["amazon", "imdb", "yelp"] as const) {
      const rows = loadSentiment(source);
      expect(rows.length).toBe(1000);
      expect(rows.filter((r) => r.label === 1).length).toBe(500);
      expect(rows.every((r) => r.text.length > 0 && r.text === r.text.trim())).toBe(true);
    }
    expect(loadSentiment("yelp")[0]).toEqual({ source: "yelp", text: "Wow... Loved this place.", label: 1 });
    expect(() => loadSentiment("twitter" as never)).toThrow(/source must be "amazon", "imdb" or "yelp", got "twitter"/);
  });
  it("first names: 4,951 female + 3,898 male", () => {
    expect(loadFirstNames("female").length).toBe(4951);
    expect(loadFirstNames("male").length).toBe(3898);
    expect(loadFirstNames().length).toBe(8849);
    expect(loadFirstNames("female")[0]).toBe("Aaren");
  });
  it("pronunciations: 117,490 words; cat -> K AE1 T; stress digits can be dropped", () => {
    const p = loadPronunciations();
    expect(p.length).toBe(117_490);
    expect(p.find((x) => x.word === "cat")?.phonemes).toEqual(["K", "AE1", "T"]);
    const plain = loadPronunciations({ stress: false });
    expect(plain.find((x) => x.word === "transformer")?.phonemes).toEqual(["T", "R", "AE", "N", "S", "F", "AO", "R", "M", "ER"]);
    expect(new Set(plain.flatMap((x) => x.phonemes)).size).toBe(39);
  });
});

describe("data/ itself", () => {
  it("stays under 20 MB", () => {
    const total = dataFiles(DATA_DIR).reduce((s, f) => s + statSync(join(DATA_DIR, f)).size, 0);
    console.log(`[data] files=${dataFiles(DATA_DIR).length} bytes=${total}`);
    expect(total).toBeLessThanOrEqual(20_000_000);
  });

  it("SOURCES.md lists every file with its exact size, and the total", () => {
    const sources = readFileSync(join(DATA_DIR, "SOURCES.md"), "utf8");
    let total = 0;
    for (const f of dataFiles(DATA_DIR)) {
      const size = statSync(join(DATA_DIR, f)).size;
      total += size;
      expect(sources).toContain(`| ${f} | ${size.toLocaleString("en-US")} |`);
    }
    expect(sources).toContain(`Total: ${total.toLocaleString("en-US")} bytes`);
    for (const word of ["CC BY 4.0", "Kotzias", "KDD 2015", "public domain", "Simplified BSD", "Apache-2.0"]) expect(sources).toContain(word);
  });

  it("scripts/build-data.ts rebuilds every file byte for byte", () => {
    const out = mkdtempSync(join(tmpdir(), "qkv-data-"));
    execFileSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "build-data.ts"), "--out", out], { cwd: ROOT, stdio: "pipe" });
    const committed = dataFiles(DATA_DIR);
    expect(dataFiles(out)).toEqual(committed);
    for (const f of committed) expect(`${f} ${sha256(join(out, f))}`).toBe(`${f} ${sha256(join(DATA_DIR, f))}`);
  });

  it("the library's loaders read data/, never node_modules", () => {
    const srcFiles = [...readdirSync(join(ROOT, "src", "data")).map((f) => join("src", "data", f)), ...readdirSync(join(ROOT, "src", "text")).map((f) => join("src", "text", f))];
    for (const f of srcFiles) expect(`${f}: ${/node_modules/.test(readFileSync(join(ROOT, f), "utf8"))}`).toBe(`${f}: false`);
  });

  it("a missing data file names the file and how to rebuild it", async () => {
    const { readDataFile } = await import("../../src/data/paths.js");
    expect(() => readDataFile("corpus/nope.txt", "loadNope")).toThrow(/loadNope: cannot read .*data\/corpus\/nope\.txt .*npm run data/);
  });
});
