// Lesson -> Jupyter notebook (nbformat 4.5, tslab kernel), and keeping notebooks/ in step with lessons/.
//
// A generated notebook is a pure function of its lesson: stable cell ids, no outputs, keys in a fixed
// order, so the bytes are the same on every run. Once cloned, notebooks/ is the student's: they run
// the cells and save (outputs, execution counts, kernel metadata) or edit a cell. So drift means only
// this: the cells' kinds and sources differ from the lesson's. The metadata keeps a hash of the
// generated cell sources; when the cells no longer match it the student edited them, and a rebuild
// keeps the notebook unless forced. No rebuild ever drops a student's outputs or edits without a copy
// in notebooks/.backup/, and outputs of cells whose source did not change are carried over.
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

/** A cell's kind and source text: all that drift is about. */
function cellSource(cell: unknown): { type: string; source: string } | null {
  if (cell === null || typeof cell !== "object") return null;
  const c = cell as { cell_type?: unknown; source?: unknown };
  const source = Array.isArray(c.source) ? c.source.join("") : typeof c.source === "string" ? c.source : "";
  return { type: String(c.cell_type), source };
}

/**
 * Where a notebook's cells first differ from the lesson's, in words naming the cell; null when every
 * cell has the lesson's kind and source. Outputs, execution counts, ids and metadata (what Jupyter
 * writes when a student runs and saves) are not differences.
 */
export function firstDifference(expected: NotebookJson, actualText: string, lesson: Lesson): string | null {
  let parsed: { cells?: unknown[] } | null = null;
  try {
    parsed = JSON.parse(actualText) as { cells?: unknown[] };
  } catch {
    return "the notebook is not valid JSON";
  }
  const got = Array.isArray(parsed?.cells) ? parsed.cells : [];
  const n = Math.max(expected.cells.length, got.length);
  for (let i = 0; i < n; i++) {
    const w = expected.cells[i];
    const g = cellSource(got[i]);
    const where = `cell ${i}${w ? ` (id ${w.id}, ${describeCellOrigin(lesson, i)})` : ""}`;
    if (!w) return `cell ${i}: an extra cell in the notebook that the lesson does not have`;
    if (!g) return `${where}: missing from the notebook`;
    if (g.type !== w.cell_type) return `${where}: the notebook has a ${g.type} cell, the lesson a ${w.cell_type} cell`;
    const wSource = w.source.join("");
    if (g.source !== wSource) return `${where}: source differs at ${describeTextDifference(wSource, g.source)}`;
  }
  return null;
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
  /** Why: the first difference (naming the cell), or why an orphan notebook was left. */
  detail?: string;
  /** Where the notebook was copied before it was rebuilt. */
  backup?: string;
  /** True when the notebook's cells were edited by hand (they no longer match the hash written when generated). */
  edited?: boolean;
}

function posix(p: string): string {
  return p.split(sep).join("/");
}

/** True when any code cell of the notebook text has outputs or an execution count (it was run and saved). */
export function hasRunState(text: string): boolean {
  try {
    const nb = JSON.parse(text) as { cells?: { outputs?: unknown[]; execution_count?: unknown }[] };
    return (nb.cells ?? []).some((c) => (Array.isArray(c.outputs) && c.outputs.length > 0) || (c.execution_count !== null && c.execution_count !== undefined));
  } catch {
    return false;
  }
}

/**
 * The fresh notebook with the outputs and execution counts of the old one carried over, for every
 * code cell whose source is unchanged (matched in order by source text), so a rebuild for a changed
 * lesson keeps what the student ran everywhere else.
 */
export function carryOutputs(fresh: NotebookJson, oldText: string): NotebookJson {
  let old: { cells?: unknown[] };
  try {
    old = JSON.parse(oldText) as { cells?: unknown[] };
  } catch {
    return fresh;
  }
  const oldCode = (old.cells ?? []).filter((c): c is Partial<CodeCellJson> => (c as { cell_type?: unknown })?.cell_type === "code");
  let from = 0;
  const cells = fresh.cells.map((cell) => {
    if (cell.cell_type !== "code") return cell;
    const source = cell.source.join("");
    const at = oldCode.findIndex((c, i) => i >= from && cellSource(c)?.source === source);
    if (at < 0) return cell;
    from = at + 1;
    const match = oldCode[at];
    return { ...cell, execution_count: typeof match.execution_count === "number" ? match.execution_count : null, outputs: Array.isArray(match.outputs) ? match.outputs : [] };
  });
  return { ...fresh, cells };
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
  const stamp = () => (options.now ?? (() => new Date()))().toISOString().replace(/[:.]/g, "-");
  const backUp = (notebookFile: string, slug: string): string => {
    const backupDir = join(notebooksDir, ".backup");
    mkdirSync(backupDir, { recursive: true });
    const backup = join(backupDir, `${slug}.${stamp()}.ipynb`);
    copyFileSync(notebookFile, backup);
    return posix(relative(root, backup));
  };

  for (const file of listLessonFiles(join(root, "lessons"))) {
    const lessonPath = posix(relative(root, file));
    const lesson = parseLessonSource(readFileSync(file, "utf8"), lessonPath);
    const name = `${lesson.meta.slug}.ipynb`;
    expectedNames.add(name);
    const notebookFile = join(notebooksDir, name);
    const notebookPath = posix(relative(root, notebookFile));
    const fresh = buildNotebook(lesson, lessonPath);
    const expected = serializeNotebook(fresh);
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
    const difference = actual === expected ? null : firstDifference(fresh, actual, lesson);
    if (difference === null) {
      // The lesson's cells, as generated or as the student ran and saved them: nothing to do.
      results.push({ ...base, status: "unchanged" });
      continue;
    }
    const edited = !isUntouchedSinceGenerated(actual);
    if (options.check) {
      results.push({ ...base, status: "differs", detail: difference, edited });
      continue;
    }
    if (edited && !options.force) {
      results.push({ ...base, status: "kept-edited", detail: difference, edited });
      continue;
    }
    // Rebuild. Anything the student would lose (their edits, outputs of cells that changed) is copied first.
    const backup = edited || hasRunState(actual) ? backUp(notebookFile, lesson.meta.slug) : undefined;
    writeFileSync(notebookFile, serializeNotebook(carryOutputs(fresh, actual)));
    results.push({ ...base, status: edited ? "forced" : "updated", detail: difference, backup, edited });
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

/** One line per result, as the CLI prints them: what differs (naming the cell) and the command that fixes it. */
export function describeSyncResult(r: SyncResult): string {
  const keepsOutputs = "outputs of unchanged cells are kept; the old notebook is copied to notebooks/.backup/ first";
  switch (r.status) {
    case "written":
      return `wrote ${r.notebook}`;
    case "updated":
      return `updated ${r.notebook} from ${r.lesson} (${r.detail})${r.backup ? `; the notebook as you saved it is in ${r.backup}` : ""}`;
    case "unchanged":
      return r.detail ? `left ${r.notebook}: ${r.detail}` : `unchanged ${r.notebook}`;
    case "kept-edited":
      return `KEPT ${r.notebook}: its cells were edited by hand, and its lesson ${r.lesson} changed (${r.detail}). ` +
        `To take the lesson's version, run \`npm run notebooks -- --force\` (${keepsOutputs}).`;
    case "forced":
      return `overwrote ${r.notebook} (edited by hand; ${r.detail}); your version is in ${r.backup}`;
    case "differs":
      if (r.lesson === "(none)") return `DIFFERS ${r.notebook}: ${r.detail}.`;
      return `DIFFERS ${r.notebook} vs ${r.lesson}: ${r.detail}. ` + (r.edited
        ? `Its cells were edited by hand: \`npm run notebooks -- --force\` rebuilds it (${keepsOutputs}).`
        : `Run \`npm run notebooks\` to rebuild it (${keepsOutputs}).`);
    case "missing":
      return `MISSING ${r.notebook} for ${r.lesson}. Run \`npm run notebooks\` to write it.`;
  }
}
