// Lecture pages: one lesson run (lesson + captured outputs) -> one HTML page that works offline, from
// file:// as well as from the local server. Everything that can be done at build time is: markdown
// (markdown-it), math (KaTeX), code highlighting (highlight.js). The browser only draws the Plotly
// figures (plotly.js from assets/) and runs the slide mode (assets/page.js).
//
// Page structure: <section class="slide"> per slide. The first slide is the lesson's title and
// objectives; a new slide starts at a cell marked slide: true or at a "## " heading inside prose.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describeFigure } from "../viz/index.js";
import { escapeHtml, scriptJson, tableHtml } from "../viz/show.js";
import { createMarkdown, highlightCode, renderMarkdownParts } from "./page-markdown.js";
import type { CellRun, DisplayItem, LessonMeta, LessonRun, PlotlyFigure } from "./types.js";

/** A neighbouring lesson, for the previous/next links. */
export interface LessonLink {
  href: string;
  number: string;
  title: string;
}

export interface LecturePageOptions {
  /** Link back to the course index (default: index.html). */
  indexHref?: string;
  /** The lessons before and after this one in the course (links at the top and bottom of the page). */
  prev?: LessonLink;
  next?: LessonLink;
  /** writeLecturePage: where the lesson's notebook is copied from (default: notebooks/ beside lessons/). */
  notebooksDir?: string;
}

/** The page's file name for a lesson: "04-self-attention.html". */
export function lecturePageFileName(meta: LessonMeta): string {
  return `${meta.slug}.html`;
}

interface Slide {
  html: string[];
}

/** A self-contained HTML page for one lesson run (assets are referenced under assets/, see writePageAssets). */
export function renderLecturePage(run: LessonRun, opts: LecturePageOptions = {}): string {
  const { lesson } = run;
  const meta = lesson.meta;
  const md = createMarkdown();
  const figures: Record<string, PlotlyFigure> = {};
  let figureCount = 0;
  const runs = new Map<number, CellRun>(run.cells.map((c) => [c.cellIndex, c]));

  const notebookHref = `notebooks/${meta.slug}.ipynb`;
  const indexHref = opts.indexHref ?? "index.html";
  const codeCells = lesson.cells.filter((c) => c.kind === "code" && !c.showOnly).length;
  const failed = run.cells.find((c) => c.error);

  const title: string[] = [
    `<p class="kicker">Lesson ${escapeHtml(meta.number)}</p>`,
    `<h1>${escapeHtml(meta.title)}</h1>`,
    `<p class="lesson-meta">${meta.minutes} minutes · <a href="${escapeHtml(notebookHref)}" download>notebook</a> · ` +
      `${codeCells} code cells, run in ${formatMs(run.totalMs)}${run.ok ? "" : ` · <strong class="failed">a cell failed${failed ? ` (lesson line ${failed.error!.line})` : ""}</strong>`}</p>`,
  ];
  if (meta.objectives.length > 0) {
    title.push(`<h2 class="objectives-title">You will</h2>`, `<ul class="objectives">${meta.objectives.map((o) => `<li>${md.renderInline(o)}</li>`).join("")}</ul>`);
  }
  if (meta.exercises.length > 0) {
    title.push(
      `<p class="lesson-meta">Exercises ${meta.exercises.map(escapeHtml).join(", ")}, graded by <code>npm run grade -- ${escapeHtml(meta.number)}</code></p>`,
    );
  }
  const slides: Slide[] = [{ html: title }];
  const newSlide = () => {
    if (slides[slides.length - 1]!.html.length > 0) slides.push({ html: [] });
  };
  const append = (html: string) => slides[slides.length - 1]!.html.push(html);

  const renderOutputs = (outputs: DisplayItem[]): string => {
    const out: string[] = [];
    let text: string[] = [];
    const flushText = () => {
      if (text.length > 0) out.push(`<pre class="output">${escapeHtml(text.join("\n"))}</pre>`);
      text = [];
    };
    for (const item of outputs) {
      if (item.kind === "text") {
        text.push(item.text.replace(/\n$/, ""));
        continue;
      }
      flushText();
      switch (item.kind) {
        case "markdown":
          out.push(`<div class="output output-markdown">${md.render(item.markdown)}</div>`);
          break;
        case "html":
          out.push(`<div class="output output-html">${item.html}</div>`);
          break;
        case "table":
          out.push(`<div class="output output-table">${tableHtml(item.columns, item.rows)}</div>`);
          break;
        case "plotly": {
          const id = `figure-${++figureCount}`;
          figures[id] = item.figure;
          const description = item.text || describeFigure(item.figure);
          out.push(
            `<figure class="output plot">` +
              `<div class="plotly-figure" id="${id}" data-figure="${id}" role="img" aria-label="${escapeHtml(description.split("\n")[0]!)}"></div>` +
              `<details class="figure-text"><summary>figure as text</summary><pre>${escapeHtml(description)}</pre></details>` +
              `</figure>`,
          );
          break;
        }
      }
    }
    flushText();
    return out.join("\n");
  };

  lesson.cells.forEach((cell, index) => {
    const cellRun = runs.get(index);
    if (cell.kind === "markdown") {
      renderMarkdownParts(md, cell.source).forEach((part, j) => {
        if ((j === 0 && cell.slide) || part.startsAtH2) newSlide();
        append(`<div class="prose">${part.html}</div>`);
      });
      return;
    }
    if (cell.slide) newSlide();
        const badge = cell.showOnly
      ? `<span class="badge">shown, not run</span>`
      : cellRun?.notRun
        ? `<span class="badge badge-warn">not run: an earlier cell failed</span>`
        : cellRun
          ? `<span class="badge">${formatMs(cellRun.ms)}</span>` +
            (cell.timed ? `<span class="badge" title="this cell measures time: its numbers differ from run to run and machine to machine">timings from this run</span>` : "")
          : "";
    const parts = [
      `<div class="cell${cell.showOnly ? " show-only" : ""}" data-line="${cell.line}">`,
      `<div class="cell-head"><span class="cell-where">${escapeHtml(meta.slug)}.md:${cell.line}</span>${badge}</div>`,
      `<pre class="hljs code"><code class="language-typescript">${highlightCode(cell.source.replace(/\n+$/, ""), "typescript")}</code></pre>`,
    ];
    if (cellRun && cellRun.outputs.length > 0) parts.push(`<div class="outputs">${renderOutputs(cellRun.outputs)}</div>`);
    if (cellRun?.error) {
      parts.push(`<pre class="output output-error">Error at ${escapeHtml(meta.slug)}.md:${cellRun.error.line}\n${escapeHtml(cellRun.error.message)}</pre>`);
    }
    parts.push(`</div>`);
    append(parts.join("\n"));
  });

  // The contents: one entry per slide that opens with a heading (the title slide lists them).
  const contents = slides
    .map((s, i) => ({ n: i + 1, heading: firstHeading(s.html.join("\n")) }))
    .filter((c): c is { n: number; heading: string } => c.n > 1 && c.heading !== null);
  if (contents.length > 0) {
    slides[0]!.html.push(
      `<nav class="toc" aria-label="contents"><h2 class="toc-title">Contents</h2><ol>` +
        contents.map((c) => `<li><a href="#slide-${c.n}" data-slide-link="${c.n}">${c.heading}</a></li>`).join("") +
        `</ol></nav>`,
    );
  }
  const sections = slides
    .map((s, i) => `<section class="slide" id="slide-${i + 1}" data-slide="${i + 1}">\n${s.html.join("\n")}\n</section>`)
    .join("\n");
  const neighbour = (link: LessonLink | undefined, rel: "prev" | "next") =>
    link
      ? `<a class="lesson-${rel}" rel="${rel}" href="${escapeHtml(link.href)}">${rel === "prev" ? "← " : ""}` +
        `<span class="number">${escapeHtml(link.number)}</span> ${escapeHtml(link.title)}${rel === "next" ? " →" : ""}</a>`
      : `<span class="lesson-${rel} none"></span>`;
  const lessonNav = opts.prev || opts.next
    ? `<nav class="lesson-nav" aria-label="lessons">${neighbour(opts.prev, "prev")}<a class="lesson-index" href="${escapeHtml(indexHref)}">all lessons</a>${neighbour(opts.next, "next")}</nav>`
    : "";

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="qkv lecture pages">
<title>${escapeHtml(meta.number)} · ${escapeHtml(meta.title)} — qkv</title>
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/highlight.css">
<link rel="stylesheet" href="assets/page.css">
<link rel="icon" href="data:,">
</head>
<body>
<header class="topbar">
  <a class="home" href="${escapeHtml(indexHref)}">qkv</a>
  <span class="topbar-title">${escapeHtml(meta.number)} · ${escapeHtml(meta.title)}</span>
  <span class="slide-counter" aria-live="polite"></span>
  <button type="button" class="slide-toggle" aria-pressed="false" title="Slide mode: S to toggle, ← → to move, Esc to leave">Slides</button>
</header>
<main class="lesson">
${lessonNav}
${sections}
${lessonNav}
</main>
<nav class="slide-nav" aria-label="slides">
  <button type="button" class="slide-prev" aria-label="previous slide">←</button>
  <button type="button" class="slide-next" aria-label="next slide">→</button>
</nav>
<script type="application/json" id="qkv-figures">${scriptJson(figures)}</script>
<script src="assets/plotly.min.js"></script>
<script src="assets/page.js"></script>
</body>
</html>
`;
}

/** The text of the first <h2> in a slide's HTML (its title in the contents), tags stripped; null when none. */
function firstHeading(html: string): string | null {
  const m = /<h2[^>]*>([\s\S]*?)<\/h2>/.exec(html);
  if (!m) return null;
  // KaTeX math in a heading keeps its rendered HTML; plain markup is reduced to its text.
  return m[1]!.includes("katex") ? m[1]! : escapeHtml(m[1]!.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').trim());
}

function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Files the pages load, as [source, path under assets/]. */
function assetFiles(): [string, string][] {
  const require = createRequire(import.meta.url);
  const katexDist = dirname(require.resolve("katex/dist/katex.min.css"));
  const files: [string, string][] = [
    [join(here, "assets", "page.css"), "page.css"],
    [join(here, "assets", "page.js"), "page.js"],
    [require.resolve("plotly.js-dist-min/plotly.min.js"), "plotly.min.js"],
    [require.resolve("highlight.js/styles/github.css"), "highlight.css"],
    [join(katexDist, "katex.min.css"), "katex/katex.min.css"],
  ];
  for (const font of readdirSync(join(katexDist, "fonts"))) files.push([join(katexDist, "fonts", font), `katex/fonts/${font}`]);
  return files;
}

/** Copies the pages' assets (plotly.js, KaTeX css + fonts, highlight theme, page css/js) into outDir/assets. */
export function writePageAssets(outDir: string): void {
  for (const [source, target] of assetFiles()) {
    const dest = join(outDir, "assets", target);
    if (existsSync(dest) && statSync(dest).mtimeMs >= statSync(source).mtimeMs && statSync(dest).size === statSync(source).size) continue;
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(source, dest);
  }
}

/**
 * Writes outDir/NN-slug.html and the assets it needs, and copies the lesson's notebook (if there is one)
 * to outDir/notebooks/ so the page's notebook link works; returns the page's path.
 */
export function writeLecturePage(run: LessonRun, outDir: string, opts: LecturePageOptions = {}): string {
  mkdirSync(outDir, { recursive: true });
  writePageAssets(outDir);
  const notebooksDir = opts.notebooksDir ?? join(dirname(dirname(resolve(run.lesson.file))), "notebooks");
  const notebook = join(notebooksDir, `${run.lesson.meta.slug}.ipynb`);
  if (existsSync(notebook)) {
    mkdirSync(join(outDir, "notebooks"), { recursive: true });
    copyFileSync(notebook, join(outDir, "notebooks", `${run.lesson.meta.slug}.ipynb`));
  }
  const file = join(outDir, lecturePageFileName(run.lesson.meta));
  writeFileSync(file, renderLecturePage(run, opts));
  return file;
}
