import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderLecturePage, writeLecturePage } from "../../src/course/page.js";
import { attention, handMadeRun, loss } from "./page-fixture.js";

const page = renderLecturePage(handMadeRun());

function sections(html: string): string[] {
  return [...html.matchAll(/<section class="slide" id="slide-(\d+)"[^>]*>([\s\S]*?)<\/section>/g)].map((m) => m[2]!);
}

describe("renderLecturePage", () => {
  it("renders math with KaTeX at build time and leaves prices alone", () => {
    expect(page).toContain('class="katex"');
    expect(page).toContain('class="katex-display"');
    expect(page).not.toContain("$\\sqrt{d_k}$");
    expect(page).toContain("prices like $5 and $10 stay text");
    // objectives are markdown too
    expect(sections(page)[0]).toContain('class="katex"');
  });

  it("highlights code cells and escapes text outputs", () => {
    expect(page).toContain('<span class="hljs-keyword">const</span>');
    expect(page).toContain("<pre class=\"output\">2\n&lt;b&gt;not bold&lt;/b&gt;</pre>");
    expect(page).toContain("Attention &lt;on&gt; a page");
  });

  it("starts slides at the title, at cells marked slide and at ## headings", () => {
    const s = sections(page);
    // title | first prose + cell | ## Weights | ## Loss + figures cell + show-only | error cell (slide: true)
    expect(s).toHaveLength(5);
    expect(s[0]).toContain("<h1>Attention &lt;on&gt; a page</h1>");
    expect(s[1]).toContain("Scores are scaled");
    expect(s[1]).toContain("console");
    expect(s[2]).toContain("<h2>Weights</h2>");
    expect(s[3]).toContain("<h2>Loss</h2>");
    expect(s[3]).toContain('data-figure="figure-1"');
    expect(s[4]).toContain("boom");
  });

  it("embeds each figure's spec for plotly.js and a text form", () => {
    const json = /<script type="application\/json" id="qkv-figures">([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(JSON.parse(json)).toEqual({ "figure-1": attention, "figure-2": loss });
    expect(page).toContain("<summary>figure as text</summary><pre>heatmap 3x3: Causal attention</pre>");
    expect(page).toContain('<script src="assets/plotly.min.js"></script>');
  });

  it("shows tables, markdown and HTML outputs, errors with their lesson line, and cells not run", () => {
    expect(page).toContain('<table class="qkv-table">');
    expect(page).toContain("<strong>done</strong>");
    expect(page).toContain('<em class="raw">raw html</em>');
    expect(page).toContain("Error at 99-page-fixture.md:34\nError: boom");
    expect(page).toContain("not run: an earlier cell failed");
    expect(page).toContain("shown, not run");
    expect(page).toContain("a cell failed (lesson line 34)");
  });

  it("loads nothing from the network", () => {
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});

describe("writeLecturePage", () => {
  const dir = mkdtempSync(join(tmpdir(), "qkv-page-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the page and the local assets it references", () => {
    const file = writeLecturePage(handMadeRun(), dir);
    expect(file).toBe(join(dir, "99-page-fixture.html"));
    const html = readFileSync(file, "utf8");
    for (const ref of html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)) expect(existsSync(join(dir, ref[1]!)), ref[1]).toBe(true);
    const css = readFileSync(join(dir, "assets/katex/katex.min.css"), "utf8");
    for (const font of css.matchAll(/url\((fonts\/[^)]+)\)/g)) expect(existsSync(join(dir, "assets/katex", font[1]!)), font[1]).toBe(true);
    expect(css).not.toMatch(/url\(["']?https?:/);
  });
});

describe("renderLecturePage: navigation", () => {
  it("links the previous and next lesson (top and bottom) and the index; none when there is no neighbour", () => {
    const html = renderLecturePage(handMadeRun(), {
      prev: { href: "98-before.html", number: "98", title: "Before <it>" },
      next: { href: "100-after.html", number: "100", title: "After" },
    });
    expect(html.match(/<a class="lesson-prev" rel="prev" href="98-before\.html">← <span class="number">98<\/span> Before &lt;it&gt;<\/a>/g)).toHaveLength(2);
    expect(html.match(/<a class="lesson-next" rel="next" href="100-after\.html"><span class="number">100<\/span> After →<\/a>/g)).toHaveLength(2);
    const first = renderLecturePage(handMadeRun(), { next: { href: "100-after.html", number: "100", title: "After" } });
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain('rel="next"');
  });

  it("lists the slides that open with a heading as the contents, each linked to its slide", () => {
    const toc = /<nav class="toc"[^>]*>([\s\S]*?)<\/nav>/.exec(page)?.[1] ?? "";
    expect(sections(page)[0]).toContain('<nav class="toc"');
    const entries = [...toc.matchAll(/<a href="#slide-(\d+)" data-slide-link="\d+">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    const headed = sections(page).map((html, i) => [String(i + 1), /<h2[^>]*>([^<]*)<\/h2>/.exec(html)?.[1]] as const).filter(([n, h]) => n !== "1" && h !== undefined && !h.startsWith("Contents"));
    expect(entries).toEqual(headed.map(([n, h]) => [n, h]));
    expect(entries.map((e) => e[1])).toEqual(["Weights", "Loss"]);
  });

  it("asks for no favicon from the server", () => {
    expect(page).toContain('<link rel="icon" href="data:,">');
  });
});

