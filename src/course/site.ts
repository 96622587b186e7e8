// The course site: every lesson run and rendered as a lecture page, plus an index, in site/ (git-ignored),
// served on localhost by `npm start`. Offline: pages, notebooks and assets are all local files.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, extname, join, normalize, resolve, sep } from "node:path";
import { performance } from "node:perf_hooks";
import { progress } from "../viz/index.js";
import { escapeHtml } from "../viz/show.js";
import { listLessonFiles, parseLesson, selectLessonFiles } from "./lesson.js";
import { createMarkdown } from "./page-markdown.js";
import { lecturePageFileName, writeLecturePage, writePageAssets, type LessonLink } from "./page.js";
import type { GradeReport } from "./grade-types.js";
import { runLesson } from "./runner.js";
import type { LessonMeta, LessonRun } from "./types.js";

export interface SiteLesson {
  /** The lesson file, e.g. lessons/04-self-attention.md. */
  file: string;
  meta?: LessonMeta;
  /** The page, relative to the site folder; absent when the lesson could not be parsed. */
  page?: string;
  /** The notebook, relative to the site folder, when notebooks/ has one. */
  notebook?: string;
  ok: boolean;
  ms: number;
  /** Why the lesson failed: a parse error, or the failing cell's message and line. */
  problem?: string;
  /** The page was up to date (same lesson, library, exercises and data as when it was built) and was kept. */
  cached?: boolean;
}

export interface BuildSiteOptions {
  lessonsDir?: string;
  notebooksDir?: string;
  outDir?: string;
  /** Only these lessons (by number "04" or slug); default all. */
  only?: string[];
  /** The student's grades.json (`npm run grade` writes it): its scores go on the index. Default: ./grades.json. */
  gradesFile?: string;
  /** Draw a progress bar on stdout (default true). */
  showProgress?: boolean;
  /**
   * Keep a page whose inputs have not changed since it was built (default true): running every lesson
   * takes minutes, and `npm start` should not repeat that when nothing changed. False runs every lesson.
   */
  reuse?: boolean;
}

export interface SiteBuild {
  outDir: string;
  lessons: SiteLesson[];
  ms: number;
}

/** Runs every lesson and writes its page, copies the notebooks, writes index.html. */
export async function buildSite(opts: BuildSiteOptions = {}): Promise<SiteBuild> {
  const lessonsDir = opts.lessonsDir ?? "lessons";
  const notebooksDir = opts.notebooksDir ?? "notebooks";
  const outDir = opts.outDir ?? "site";
  const t0 = performance.now();
  const all = listLessonFiles(lessonsDir);
  const files = opts.only ? selectLessonFiles(all, opts.only) : all;
  mkdirSync(outDir, { recursive: true });
  writePageAssets(outDir);

  const bar = opts.showProgress === false ? null : progress(files.length, { label: "building pages" });
  const lessons: SiteLesson[] = [];
  const neighbours = lessonNeighbours(all);
  const shared = opts.reuse === false ? "" : inputsHash(["src", "exercises", "data", "package-lock.json"]);
  for (const file of files) {
    const done = lessons.length;
    const links = neighbours.get(file) ?? {};
    const key = opts.reuse === false ? "" : createHash("sha256").update(shared).update(readFileSync(file)).update(JSON.stringify(links)).digest("hex");
    const stampFile = join(outDir, ".build", `${basename(file, ".md")}.json`);
    const kept = key ? keptEntry(stampFile, key, outDir) : null;
    // Between lessons the bar counts lessons; during a long lesson its note names the cell that just ran.
    const entry = kept ?? (await buildLesson(file, notebooksDir, outDir, links, (note) => bar?.update(done, note)));
    if (key && !kept && entry.ok) {
      mkdirSync(join(outDir, ".build"), { recursive: true });
      writeFileSync(stampFile, JSON.stringify({ key, entry }));
    }
    lessons.push(entry);
    bar?.tick(`${entry.meta?.slug ?? file}${entry.ok ? "" : " FAILED"}`);
  }
  bar?.finish();
  writeFileSync(join(outDir, "index.html"), renderIndexPage(lessons, readScores(opts.gradesFile ?? "grades.json")));
  return { outDir, lessons, ms: performance.now() - t0 };
}

/** Each lesson file's previous and next lesson in the course (by file order), for the page's links. */
function lessonNeighbours(files: readonly string[]): Map<string, { prev?: LessonLink; next?: LessonLink }> {
  const links: (LessonLink | null)[] = files.map((file) => {
    try {
      const meta = parseLesson(file).meta;
      return { href: lecturePageFileName(meta), number: meta.number, title: meta.title };
    } catch {
      return null; // a lesson that does not parse gets no page, so nothing links to it
    }
  });
  const result = new Map<string, { prev?: LessonLink; next?: LessonLink }>();
  files.forEach((file, i) => {
    const prev = links.slice(0, i).reverse().find((l): l is LessonLink => l !== null);
    const next = links.slice(i + 1).find((l): l is LessonLink => l !== null);
    result.set(file, { ...(prev ? { prev } : {}), ...(next ? { next } : {}) });
  });
  return result;
}

/** A lesson's score from grades.json: points earned of points possible, per lesson number. */
export interface LessonScore {
  earned: number;
  points: number;
}

/** Scores per lesson from a grades.json, or an empty map when there is none (or it cannot be read). */
export function readScores(file: string): Map<string, LessonScore> {
  const scores = new Map<string, LessonScore>();
  if (!existsSync(file)) return scores;
  try {
    const report = JSON.parse(readFileSync(file, "utf8")) as Partial<GradeReport>;
    if (report.target !== "exercises" || !Array.isArray(report.exercises)) return scores;
    for (const e of report.exercises) {
      const s = scores.get(e.lesson) ?? { earned: 0, points: 0 };
      scores.set(e.lesson, { earned: s.earned + e.earned, points: s.points + e.points });
    }
  } catch {
    // a damaged grades.json only means no scores on the index
  }
  return scores;
}

/**
 * A hash of everything a lesson's outputs can depend on besides the lesson itself: the library, the
 * student's exercises (a lesson may grade them), the data and the pinned packages. Files are read
 * whole; together they are a few megabytes, read in well under a second.
 */
function inputsHash(paths: string[]): string {
  const hash = createHash("sha256");
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith(".")) visit(join(path, name));
    } else {
      hash.update(path).update("\0").update(readFileSync(path));
    }
  };
  paths.forEach(visit);
  return hash.digest("hex");
}

/** The entry of a page built from the same inputs, if its stamp and page are still there. */
function keptEntry(stampFile: string, key: string, outDir: string): SiteLesson | null {
  if (!existsSync(stampFile)) return null;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8")) as { key: string; entry: SiteLesson };
    if (stamp.key !== key || !stamp.entry.page || !existsSync(join(outDir, stamp.entry.page))) return null;
    return { ...stamp.entry, ms: 0, cached: true };
  } catch {
    return null; // an unreadable stamp just means: build again
  }
}

async function buildLesson(
  file: string, notebooksDir: string, outDir: string, links: { prev?: LessonLink; next?: LessonLink }, onCell: (note: string) => void,
): Promise<SiteLesson> {
  const t0 = performance.now();
  let run: LessonRun;
  try {
    const lesson = parseLesson(file);
    const codeCells = lesson.cells.filter((c) => c.kind === "code" && !c.showOnly).length;
    let ran = 0;
    run = await runLesson(lesson, { onCell: () => onCell(`${lesson.meta.slug}: cell ${++ran}/${codeCells}`) });
  } catch (err) {
    return { file, ok: false, ms: performance.now() - t0, problem: err instanceof Error ? err.message : String(err) };
  }
  const meta = run.lesson.meta;
  writeLecturePage(run, outDir, { notebooksDir, ...links });
  const notebook = existsSync(join(notebooksDir, `${meta.slug}.ipynb`)) ? `notebooks/${meta.slug}.ipynb` : undefined;
  const failed = run.cells.find((c) => c.error);
  return {
    file,
    meta,
    page: lecturePageFileName(meta),
    ...(notebook ? { notebook } : {}),
    ok: run.ok,
    ms: performance.now() - t0,
    ...(failed?.error ? { problem: `${file}:${failed.error.line}: ${failed.error.message}` } : {}),
  };
}

/**
 * The course index: one entry per lesson with its objectives, minutes, page and notebook, and the
 * student's score when `scores` (from grades.json) has the lesson.
 */
export function renderIndexPage(lessons: readonly SiteLesson[], scores: ReadonlyMap<string, LessonScore> = new Map()): string {
  const minutes = lessons.reduce((s, l) => s + (l.meta?.minutes ?? 0), 0);
  const md = createMarkdown();
  const items = lessons.map((l) => {
    if (!l.meta || !l.page) {
      return `<li class="lesson broken"><h2>${escapeHtml(l.file)}</h2><p class="problem">This lesson could not be built: ${escapeHtml(l.problem ?? "unknown error")}</p></li>`;
    }
    const m = l.meta;
    const notebookLink = l.notebook ? ` · <a href="${escapeHtml(l.notebook)}" download>notebook</a>` : "";
    return (
      `<li class="lesson"><h2><span class="number">${escapeHtml(m.number)}</span> <a href="${escapeHtml(l.page)}">${escapeHtml(m.title)}</a></h2>` +
      `<p class="lesson-meta">${m.minutes} min${notebookLink} · ` +
      `<a href="${escapeHtml(l.page)}#slide-1">slides</a>` +
      (scores.has(m.number)
        ? ` · <span class="score${scores.get(m.number)!.earned === scores.get(m.number)!.points ? " full" : ""}" title="from grades.json (npm run grade)">` +
          `your score ${scores.get(m.number)!.earned}/${scores.get(m.number)!.points}</span>`
        : "") +
      (l.ok ? "" : ` · <strong class="failed">${escapeHtml(l.problem ?? "a cell failed")}</strong>`) +
      `</p>` +
      (m.objectives.length > 0 ? `<ul class="objectives">${m.objectives.map((o) => `<li>${md.renderInline(o)}</li>`).join("")}</ul>` : "") +
      `</li>`
    );
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>qkv — learn the Transformer by building one</title>
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/page.css">
<link rel="icon" href="data:,">
</head>
<body class="index">
<header class="topbar"><a class="home" href="index.html">qkv</a><span class="topbar-title">the course</span></header>
<main class="lesson">
<h1>Learn the Transformer by building one</h1>
<p class="lesson-meta">${lessons.length} ${lessons.length === 1 ? "lesson" : "lessons"} · about ${minutes} minutes · every page below was produced by running its lesson</p>
<p>Each lesson is a page with its prose, code, outputs and interactive figures (press <kbd>S</kbd> on a page for slides), and a
Jupyter notebook to run and change yourself: <code>npm run jupyter</code> opens <code>notebooks/</code> with the TypeScript (tslab) kernel.</p>
<ol class="lesson-list">
${items.join("\n")}
</ol>
</main>
</body>
</html>
`;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".ipynb": "application/x-ipynb+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
};

export interface SiteServer {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves a folder on 127.0.0.1. Tries `port` (default: PORT from the environment, else 8000) and falls
 * back to a free port when that one is taken; port 0 asks for a free port directly.
 */
export async function serveSite(dir: string, port?: number): Promise<SiteServer> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-cache",
    });
    res.end(readFileSync(file));
  });
  const wanted = port ?? (process.env["PORT"] ? Number(process.env["PORT"]) : 8000);
  const listen = (p: number) =>
    new Promise<void>((ok, fail) => {
      const onError = (err: Error) => {
        server.off("listening", onListening);
        fail(err);
      };
      const onListening = () => {
        server.off("error", onError);
        ok();
      };
      server.once("error", onError);
      server.once("listening", onListening);
      server.listen(p, "127.0.0.1");
    });
  try {
    await listen(wanted);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" && (err as NodeJS.ErrnoException).code !== "EACCES") throw err;
    await listen(0);
  }
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actual}/`,
    port: actual,
    server,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
