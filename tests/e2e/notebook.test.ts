// show() and progress() in a real tslab kernel: a notebook executed headless with Debian's
// jupyter-nbconvert, its outputs checked (MIME bundles, plotly.js sent once, a progress bar updated in
// place), then its HTML export opened in Chromium to see that the figures draw from the inlined plotly.js.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TSLAB_KERNELSPEC } from "../../src/course/notebook.js";
import { openBrowser } from "./browser.js";

// Inside the repository, so that `import … from "qkv"` in the notebook resolves through node_modules/qkv.
const DIR = resolve("test-output/e2e/notebook");
const NBCONVERT = "/usr/bin/jupyter-nbconvert";

const cells = [
  'import { heatmap, line, markdown, progress, show, tensor } from "qkv";\n' +
    'show(heatmap([[1, 0], [0.5, 0.5]], { xLabels: ["a", "b"], yLabels: ["a", "b"], title: "w" }));',
  "show(line([3, 2, 1]));\nshow(tensor([[1, 2], [3, 4]]));",
  'const bar = progress(30, { label: "loop" });\n' +
    "for (let i = 0; i < 30; i++) { await new Promise((r) => setTimeout(r, 10)); bar.tick(`i=${i}`); }\nbar.finish();",
  'show(markdown("**bold** text"));',
];

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
}
let outputs: Output[][];
const timings: Record<string, number> = {};

const joined = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : (v ?? ""));

beforeAll(() => {
  expect(NBCONVERT, "jupyter-nbconvert is missing: apt-get install jupyter-nbconvert jupyter-client").toSatisfy((p: string) => {
    try {
      return readFileSync(p).length > 0;
    } catch {
      return false;
    }
  });
  rmSync(DIR, { recursive: true, force: true });
  // The kernel the project registers (`npm run prepare`): tslab under tsx's loader, in .jupyter/.
  execFileSync(process.execPath, ["--import", "tsx", "scripts/register-kernel.ts"], { stdio: "pipe" });
  mkdirSync(DIR, { recursive: true });
  const notebook = {
    cells: cells.map((source, i) => ({ cell_type: "code", execution_count: null, id: `cell-${i}`, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { ...TSLAB_KERNELSPEC } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(DIR, "viz.ipynb"), JSON.stringify(notebook));
  const env = { ...process.env, JUPYTER_PATH: resolve(".jupyter") };
  let t = performance.now();
  execFileSync(NBCONVERT, ["--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=120", "--output", "executed.ipynb", "viz.ipynb"], { cwd: DIR, env, stdio: "pipe" });
  timings["execute notebook"] = performance.now() - t;
  t = performance.now();
  execFileSync(NBCONVERT, ["--to", "html", "executed.ipynb"], { cwd: DIR, env, stdio: "pipe" });
  timings["export html"] = performance.now() - t;
  const executed = JSON.parse(readFileSync(join(DIR, "executed.ipynb"), "utf8")) as { cells: { outputs: Output[] }[] };
  outputs = executed.cells.map((c) => c.outputs);
});

afterAll(() => console.log("notebook e2e timings (ms):", Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)]))));

describe("show() in the tslab kernel", () => {
  it("sends a figure as HTML + text/plain, with plotly.js inlined in the first figure only", () => {
    const [first] = outputs[0]!;
    expect(first!.output_type).toBe("display_data");
    const html = joined(first!.data!["text/html"]);
    expect(html).toMatch(/^<script type="text\/javascript">\/\*\*\n\* plotly\.js v\d/);
    expect(joined(first!.data!["text/plain"])).toMatch(/^heatmap 2x2: w\n/);

    const [lineFigure, table] = outputs[1]!;
    const lineHtml = joined(lineFigure!.data!["text/html"]);
    expect(lineHtml).not.toContain("plotly.js v");
    expect(lineHtml.length).toBeLessThan(5000);
    expect(joined(lineFigure!.data!["text/plain"])).toBe("line: 3 points, x 0..2, first 3, last 1, min 1, max 3");
    expect(joined(table!.data!["text/html"])).toContain('<table class="qkv-table">');
    expect(joined(table!.data!["text/plain"])).toMatch(/^Tensor \(2, 2\) float32\n/);
  });

  it("updates one progress display in place", () => {
    expect(outputs[2]!.length).toBe(1);
    expect(joined(outputs[2]![0]!.data!["text/plain"])).toMatch(/^loop {2}\[█{24}\] {2}30\/30 .*i=29$/);
  });

  it("sends markdown as text/markdown", () => {
    expect(outputs[3]!.length).toBe(1);
    const data = outputs[3]![0]!.data!;
    expect(Object.keys(data).sort()).toEqual(["text/markdown", "text/plain"]);
    expect(joined(data["text/markdown"])).toBe("**bold** text");
    expect(joined(data["text/plain"])).toBe("**bold** text");
  });

  it("draws the notebook's figures in a browser from the inlined plotly.js", async () => {
    const browser = await openBrowser({ width: 1100, height: 900 });
    try {
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(pathToFileURL(join(DIR, "executed.html")).href);
      const figures = page.locator('div[id^="qkv-fig-"]');
      await expect.poll(() => figures.locator(".main-svg").count(), { timeout: 20_000 }).toBeGreaterThan(0);
      expect(await figures.count()).toBe(2);
      for (let i = 0; i < 2; i++) await figures.nth(i).locator(".main-svg").first().waitFor({ state: "attached" });
      await page.screenshot({ path: resolve("test-output/e2e/notebook.png"), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
