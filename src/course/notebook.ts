// Lesson -> Jupyter notebook (nbformat 4.5, tslab kernel), and keeping notebooks/ in step with lessons/.
//
// A generated notebook is a pure function of its lesson: stable cell ids, no outputs, keys in a fixed
// order, so the bytes are the same on every run and `--check` can compare files exactly. Its metadata
// keeps a hash of the generated cell sources; when the cells no longer match that hash someone edited the
// notebook by hand (a student's work), and a rebuild keeps it unless forced (then a backup is made).
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { listLessonFiles, parseLessonSource } from "./lesson.js";
import type { Lesson } from "./types.js";

export const TSLAB_KERNELSPEC = { display_name: "TypeScript", language: "typescript", name: "tslab" } as const;

interface MarkdownCellJson {
  cell_type: "markdown";
  id: string;
  metadata: Record<string, unknown>;
  source: string[];
}
interface CodeCellJson {
  cell_type: "code";
  execution_count: number | null;
  id: string;
  metadata: Record<string, unknown>;
  outputs: unknown[];
  source: string[];
}
export type NotebookCellJson = MarkdownCellJson | CodeCellJson;

export interface NotebookJson {
  cells: NotebookCellJson[];
  metadata: {
    kernelspec: typeof TSLAB_KERNELSPEC;
    qkv: { generated_sha256: string; lesson: string };
    [key: string]: unknown;
  };
  nbformat: 4;
  nbformat_minor: 5;
}

/** Cell id: stable for a given lesson and position (nbformat allows [A-Za-z0-9_-], 1-64 chars). */
export function cellId(slug: string, index: number): string {
  return `${slug.slice(0, 56)}-c${String(index).padStart(2, "0")}`;
}

/** The first cell of every notebook: title, time, objectives and exercises from the front matter. */
export function titleMarkdown(lesson: Lesson, lessonPath: string): string {
  const m = lesson.meta;
  const parts = [
    `# ${m.number} · ${m.title}`,
    `*About ${m.minutes} minutes.* Built from \`${lessonPath}\` by \`npm run notebooks\`; run the cells in order (kernel: TypeScript, tslab).`,
    `**Objectives**\n\n${m.objectives.map((o) => `- ${o}`).join("\n")}`,
  ];
  if (m.exercises.length > 0) parts.push(`**Exercises:** ${m.exercises.join(", ")}`);
  return parts.join("\n\n");
}

/** Jupyter stores text as a list of lines, each but the last ending in "\n". */
function toSourceLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? l + "\n" : l));
}

/** Hash of what the author controls in the cells: their kinds and sources (outputs are ignored). */
export function cellsHash(cells: readonly { cell_type: string; source: string | string[] }[]): string {
  const content = cells.map((c) => [c.cell_type, Array.isArray(c.source) ? c.source.join("") : c.source]);
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

/**
 * The notebook for a lesson. Prose and ```ts cells map one to one; a show-only cell becomes a markdown
 * cell holding the fenced code (shown, never executed). Slide starts carry RISE's slideshow metadata.
 */
export function buildNotebook(lesson: Lesson, lessonPath: string): NotebookJson {
  const cells: NotebookCellJson[] = [
    { cell_type: "markdown", id: cellId(lesson.meta.slug, 0), metadata: { slideshow: { slide_type: "slide" } }, source: toSourceLines(titleMarkdown(lesson, lessonPath)) },
  ];
  lesson.cells.forEach((cell, i) => {
    const id = cellId(lesson.meta.slug, i + 1);
    const metadata = cell.slide ? { slideshow: { slide_type: "slide" } } : {};
    if (cell.kind === "code" && !cell.showOnly) {
      cells.push({ cell_type: "code", execution_count: null, id, metadata, outputs: [], source: toSourceLines(cell.source) });
    } else {
      const text = cell.kind === "code" ? "```ts\n" + cell.source + "\n```" : cell.source;
      cells.push({ cell_type: "markdown", id, metadata, source: toSourceLines(text) });
    }
  });
  return {
    cells,
    metadata: { kernelspec: { ...TSLAB_KERNELSPEC }, qkv: { generated_sha256: cellsHash(cells), lesson: lessonPath } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The bytes written to disk: Jupyter's own layout (1-space indent, trailing newline). */
export function serializeNotebook(nb: NotebookJson): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Where two notebook texts first differ, in words a maintainer can act on; null when identical. */
export function firstDifference(expected: string, actual: string, lesson: Lesson): string | null {
  if (expected === actual) return null;
  let parsed: { cells?: unknown[]; metadata?: unknown } | null = null;
  try {
    parsed = JSON.parse(actual) as { cells?: unknown[]; metadata?: unknown };
  } catch {
    return "the notebook is not valid JSON";
  }
  const want = JSON.parse(expected) as NotebookJson;
  const got = Array.isArray(parsed?.cells) ? parsed.cells : [];
  const n = Math.max(want.cells.length, got.length);
  for (let i = 0; i < n; i++) {
    const w = want.cells[i];
    const g = got[i] as Partial<CodeCellJson> | undefined;
    const where = `cell ${i}${w ? ` (id ${w.id}, ${describeCellOrigin(lesson, i)})` : ""}`;
    if (!w) return `cell ${i}: an extra cell in the notebook that the lesson does not have`;
    if (!g) return `${where}: missing from the notebook`;
    if (JSON.stringify(w) === JSON.stringify(g)) continue;
    if (g.cell_type !== w.cell_type) return `${where}: the notebook has a ${String(g.cell_type)} cell, the lesson a ${w.cell_type} cell`;
    const gSource = Array.isArray(g.source) ? g.source.join("") : String(g.source);
    const wSource = w.source.join("");
    if (gSource !== wSource) return `${where}: source differs at ${describeTextDifference(wSource, gSource)}`;
    if (Array.isArray(g.outputs) && g.outputs.length > 0) return `${where}: has outputs (generated notebooks have none)`;
    return `${where}: id, metadata or execution count differ`;
  }
  return "the notebook metadata or layout differs (cells are the same)";
}

/** Where notebook cell `notebookIndex` comes from: "lessons/04-x.md:25" (cell 0 is the title, made from the front matter). */
export function describeCellOrigin(lesson: Lesson, notebookIndex: number): string {
  if (notebookIndex === 0) return `front matter, ${lesson.file}:1`;
  const cell = lesson.cells[notebookIndex - 1];
  return cell ? `${lesson.file}:${cell.line}` : "not in the lesson";
}

function describeTextDifference(want: string, got: string): string {
  const a = want.split("\n");
  const b = got.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1} of the cell: lesson ${JSON.stringify(a[i] ?? "(no line)")}, notebook ${JSON.stringify(b[i] ?? "(no line)")}`;
  }
  return "line endings";
}

/** True when a notebook's cells still match the hash written when it was generated. */
export function isUntouchedSinceGenerated(text: string): boolean {
  try {
    const nb = JSON.parse(text) as Partial<NotebookJson>;
    const stored = nb.metadata?.qkv?.generated_sha256;
    return typeof stored === "string" && Array.isArray(nb.cells) && cellsHash(nb.cells) === stored;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Keeping notebooks/ in step with lessons/ (the `npm run notebooks` command).

export interface SyncOptions {
  /** Repository root: lessons/ and notebooks/ live here, and notebook metadata names lessons relative to it. */
  root: string;
  /** Compare only; never write. */
  check?: boolean;
  /** Overwrite notebooks edited by hand, after copying them to notebooks/.backup/. */
  force?: boolean;
  /** Names the backup files; injectable so tests are deterministic. */
  now?: () => Date;
}

export type SyncStatus = "written" | "updated" | "unchanged" | "kept-edited" | "forced" | "differs" | "missing";

export interface SyncResult {
  lesson: string;
  notebook: string;
  status: SyncStatus;
  /** Why: the first difference, or the backup path. */
  detail?: string;
}

function posix(p: string): string {
  return p.split(sep).join("/");
}

/**
 * Builds or checks every lesson's notebook. Returns one result per lesson plus one per orphan notebook
 * (a notebook whose lesson is gone: reported as "differs" in check mode, left alone otherwise).
 */
export function syncNotebooks(options: SyncOptions): SyncResult[] {
  const { root } = options;
  const notebooksDir = join(root, "notebooks");
  const results: SyncResult[] = [];
  const expectedNames = new Set<string>();

  for (const file of listLessonFiles(join(root, "lessons"))) {
    const lessonPath = posix(relative(root, file));
    const lesson = parseLessonSource(readFileSync(file, "utf8"), lessonPath);
    const name = `${lesson.meta.slug}.ipynb`;
    expectedNames.add(name);
    const notebookFile = join(notebooksDir, name);
    const notebookPath = posix(relative(root, notebookFile));
    const expected = serializeNotebook(buildNotebook(lesson, lessonPath));
    const base = { lesson: lessonPath, notebook: notebookPath };

    if (!existsSync(notebookFile)) {
      if (options.check) {
        results.push({ ...base, status: "missing" });
      } else {
        mkdirSync(notebooksDir, { recursive: true });
        writeFileSync(notebookFile, expected);
        results.push({ ...base, status: "written" });
      }
      continue;
    }
    const actual = readFileSync(notebookFile, "utf8");
    if (actual === expected) {
      results.push({ ...base, status: "unchanged" });
      continue;
    }
    if (options.check) {
      results.push({ ...base, status: "differs", detail: firstDifference(expected, actual, lesson) ?? undefined });
      continue;
    }
    if (isUntouchedSinceGenerated(actual)) {
      writeFileSync(notebookFile, expected);
      results.push({ ...base, status: "updated" });
    } else if (options.force) {
      const backupDir = join(notebooksDir, ".backup");
      mkdirSync(backupDir, { recursive: true });
      const stamp = (options.now ?? (() => new Date()))().toISOString().replace(/[:.]/g, "-");
      const backup = join(backupDir, `${lesson.meta.slug}.${stamp}.ipynb`);
      copyFileSync(notebookFile, backup);
      writeFileSync(notebookFile, expected);
      results.push({ ...base, status: "forced", detail: posix(relative(root, backup)) });
    } else {
      results.push({ ...base, status: "kept-edited", detail: firstDifference(expected, actual, lesson) ?? undefined });
    }
  }

  if (existsSync(notebooksDir)) {
    for (const f of readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort()) {
      if (expectedNames.has(f)) continue;
      results.push({
        lesson: "(none)",
        notebook: posix(relative(root, join(notebooksDir, f))),
        status: options.check ? "differs" : "unchanged",
        detail: `no lesson lessons/${basename(f, ".ipynb")}.md: delete the notebook or restore its lesson`,
      });
    }
  }
  return results;
}

/** One line per result, as the CLI prints them. */
export function describeSyncResult(r: SyncResult): string {
  switch (r.status) {
    case "written":
      return `wrote ${r.notebook}`;
    case "updated":
      return `updated ${r.notebook} from ${r.lesson}`;
    case "unchanged":
      return r.detail ? `left ${r.notebook}: ${r.detail}` : `unchanged ${r.notebook}`;
    case "kept-edited":
      return `KEPT ${r.notebook}: edited by hand since it was generated (${r.detail}); its lesson ${r.lesson} was not applied. Run \`npm run notebooks -- --force\` to overwrite it (a backup goes to notebooks/.backup/).`;
    case "forced":
      return `overwrote ${r.notebook} (edited by hand); backup at ${r.detail}`;
    case "differs":
      return `DIFFERS ${r.notebook} vs ${r.lesson}: ${r.detail}. Run \`npm run notebooks\`.`;
    case "missing":
      return `MISSING ${r.notebook} for ${r.lesson}. Run \`npm run notebooks\`.`;
  }
}
