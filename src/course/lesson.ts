// Lesson files (lessons/NN-slug.md) -> Lesson: front matter, then prose and ```ts cells.
// The format is documented in lessons/README.md. The body is split with markdown-it's block tokens
// (token.map gives each block's lines), so fences, lists and quotes are recognised exactly as a
// markdown renderer sees them; only the front matter and single lines are read by hand.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import MarkdownIt from "markdown-it";
import type { Lesson, LessonCell, LessonMeta } from "./types.js";

/** A malformed lesson file. The message starts with "file:line:" so editors can jump to it. */
export class LessonError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, rule: string) {
    super(`${file}:${line}: ${rule}`);
    this.name = "LessonError";
    this.file = file;
    this.line = line;
  }
}

/** HTML comments that mean something in a lesson; any other `<!-- … -->` is an error (likely a typo). */
export const LESSON_MARKERS = ["slide"] as const;

/** Fence languages allowed in prose (shown as code in the text, never run). */
export const PROSE_FENCE_LANGUAGES = ["text", "sh", "json", "python"] as const;

const FILE_NAME = /^(\d\d)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;
const EXERCISE_ID = /^(\d\d)\.(\d+)$/;

/**
 * Lesson files in a folder, in course order (their names start with the lesson number): NN-*.md.
 * README.md and other files are not lessons; a badly named NN-*.md is listed, so parsing it explains
 * the naming rule. A missing folder holds no lessons.
 */
export function listLessonFiles(lessonsDir: string): string[] {
  if (!existsSync(lessonsDir)) return [];
  return readdirSync(lessonsDir)
    .filter((f) => /^\d\d-.*\.md$/.test(f))
    .sort()
    .map((f) => join(lessonsDir, f));
}

/**
 * The files among `files` (from listLessonFiles) that `words` name, in course order: a lesson number
 * ("4" or "04") or a slug ("04-self-attention"). A word that names no lesson is an error.
 */
export function selectLessonFiles(files: readonly string[], words: readonly string[]): string[] {
  const chosen = new Set(
    words.map((word) => {
      const number = /^\d{1,2}$/.test(word) ? word.padStart(2, "0") : null;
      const file = files.find((f) => (number ? basename(f).startsWith(`${number}-`) : basename(f) === `${word}.md`));
      if (!file) {
        throw new Error(`no lesson "${word}" (a lesson number like 04, or a slug); the lessons are: ${files.map((f) => basename(f, ".md")).join(", ") || "none"}`);
      }
      return file;
    }),
  );
  return files.filter((f) => chosen.has(f));
}

/** Reads and parses a lesson file. */
export function parseLesson(file: string): Lesson {
  return parseLessonSource(readFileSync(file, "utf8"), file);
}

/** Parses lesson text; `file` names the lesson in errors and gives its number and slug (NN-slug.md). */
export function parseLessonSource(text: string, file: string): Lesson {
  const name = basename(file);
  const nameMatch = FILE_NAME.exec(name);
  if (!nameMatch) {
    throw new LessonError(file, 1, `lesson file names look like NN-slug.md (two digits, lowercase words joined by "-"), got "${name}"`);
  }
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const { fields, bodyStart } = readFrontMatter(lines, file);
  const meta = checkMeta(fields, file, nameMatch[1], name.slice(0, -3));
  const cells = splitBody(lines, bodyStart, file);
  return { file, meta, cells };
}

// ---------------------------------------------------------------------------------------------
// Front matter: a strict subset of YAML, exactly the keys of LessonMeta that the author writes.
//   title: A tour of the course        (text; may be "double-quoted")
//   minutes: 20                        (positive integer)
//   objectives:                        (a list: "  - item" lines, or [a, b] on one line)
//     - Run a cell
//   exercises: [00.1, 00.2]            (ids NN.k of this lesson; [] when there are none)

interface FrontMatterField {
  value: string | string[];
  line: number;
}

const FRONT_MATTER_KEYS = ["title", "minutes", "objectives", "exercises"] as const;
type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];

function readFrontMatter(lines: string[], file: string): { fields: Map<FrontMatterKey, FrontMatterField>; bodyStart: number } {
  if (lines[0]?.trim() !== "---") {
    throw new LessonError(file, 1, `missing front matter: a lesson starts with a "---" line, then title, minutes, objectives and exercises, then "---"`);
  }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end < 0) throw new LessonError(file, 1, `front matter opened on line 1 is never closed by a "---" line`);

  const fields = new Map<FrontMatterKey, FrontMatterField>();
  let openList: { key: FrontMatterKey; items: string[] } | null = null;
  for (let i = 1; i < end; i++) {
    const raw = lines[i];
    const lineNo = i + 1;
    if (raw.trim() === "") continue;
    const item = /^\s+-\s+(.*)$/.exec(raw);
    if (item) {
      if (!openList) throw new LessonError(file, lineNo, `front matter: a "- item" line must follow a "key:" line that opens a list`);
      openList.items.push(unquote(item[1].trim(), file, lineNo));
      continue;
    }
    const pair = /^([A-Za-z_][\w-]*):(.*)$/.exec(raw);
    if (!pair) throw new LessonError(file, lineNo, `front matter: expected "key: value" or "  - item", got "${raw.trim()}"`);
    const key = pair[1];
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      throw new LessonError(file, lineNo, `front matter: unknown key "${key}" (allowed: ${FRONT_MATTER_KEYS.join(", ")})`);
    }
    const known = key as FrontMatterKey;
    if (fields.has(known)) throw new LessonError(file, lineNo, `front matter: "${key}" is given twice`);
    const rest = pair[2].trim();
    openList = null;
    if (rest === "") {
      const items: string[] = [];
      fields.set(known, { value: items, line: lineNo });
      openList = { key: known, items };
    } else if (rest.startsWith("[")) {
      if (!rest.endsWith("]")) throw new LessonError(file, lineNo, `front matter: "${key}" list starts with "[" but does not end with "]"`);
      const inner = rest.slice(1, -1).trim();
      const items = inner === "" ? [] : inner.split(",").map((s) => unquote(s.trim(), file, lineNo));
      fields.set(known, { value: items, line: lineNo });
    } else {
      fields.set(known, { value: unquote(rest, file, lineNo), line: lineNo });
    }
  }
  return { fields, bodyStart: end + 1 };
}

function unquote(value: string, file: string, line: number): string {
  if (value.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === "string") return parsed;
    } catch {
      // fall through to the error below
    }
    throw new LessonError(file, line, `front matter: badly quoted text ${value}`);
  }
  if (value === "") throw new LessonError(file, line, `front matter: empty value`);
  return value;
}

function checkMeta(fields: Map<FrontMatterKey, FrontMatterField>, file: string, number: string, slug: string): LessonMeta {
  for (const key of FRONT_MATTER_KEYS) {
    if (!fields.has(key)) throw new LessonError(file, 1, `front matter: "${key}" is missing (required: ${FRONT_MATTER_KEYS.join(", ")})`);
  }
  const text = (key: FrontMatterKey): string => {
    const f = fields.get(key)!;
    if (typeof f.value !== "string") throw new LessonError(file, f.line, `front matter: "${key}" must be text, not a list`);
    return f.value;
  };
  const list = (key: FrontMatterKey): { items: string[]; line: number } => {
    const f = fields.get(key)!;
    if (typeof f.value === "string") throw new LessonError(file, f.line, `front matter: "${key}" must be a list ("  - item" lines or [a, b])`);
    return { items: f.value, line: f.line };
  };

  const title = text("title");
  const minutesText = text("minutes");
  if (!/^[1-9]\d*$/.test(minutesText)) {
    throw new LessonError(file, fields.get("minutes")!.line, `front matter: "minutes" must be a positive whole number, got "${minutesText}"`);
  }
  const objectives = list("objectives");
  if (objectives.items.length === 0) throw new LessonError(file, objectives.line, `front matter: "objectives" needs at least one item`);
  const exercises = list("exercises");
  const seen = new Set<string>();
  for (const id of exercises.items) {
    const m = EXERCISE_ID.exec(id);
    if (!m || m[1] !== number) {
      throw new LessonError(file, exercises.line, `front matter: exercise id "${id}" must look like ${number}.1 (this lesson's number, a dot, a count)`);
    }
    if (seen.has(id)) throw new LessonError(file, exercises.line, `front matter: exercise id "${id}" is listed twice`);
    seen.add(id);
  }
  return { number, slug, title, minutes: Number(minutesText), objectives: objectives.items, exercises: exercises.items };
}

// ---------------------------------------------------------------------------------------------
// Body: prose and cells. A top-level ```ts fence is a code cell (```ts show-only: shown, not run;
// ```ts timed: a cell that measures time, whose outputs may differ between runs);
// everything between fences is one markdown cell, except that a "## " heading or a <!-- slide -->
// marker ends the current cell and starts a new slide.

const markdown = new MarkdownIt({ html: true });

interface Block {
  /** 0-based lines of the whole file, [start, end). */
  start: number;
  end: number;
  kind: "prose" | "code" | "show-only" | "timed" | "slide-marker" | "slide-heading";
}

function splitBody(lines: string[], bodyStart: number, file: string): LessonCell[] {
  const body = lines.slice(bodyStart).join("\n");
  const tokens = markdown.parse(body, {});
  const blocks: Block[] = [];
  const contentOf = new Map<Block, string>();

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const map = token.map ? { start: token.map[0] + bodyStart, end: token.map[1] + bodyStart } : null;

    if (token.type === "fence" && map) {
      const kind = checkFence(token.info, token.markup, token.level, lines, map.start, map.end, file);
      if (token.level === 0) {
        const block: Block = { ...map, kind };
        blocks.push(block);
        contentOf.set(block, token.content.replace(/\n$/, ""));
      }
      continue;
    }
    if (token.type === "html_block" && map) {
      const marker = checkComment(token.content, map.start, file);
      if (marker !== null && token.level !== 0) {
        throw new LessonError(file, map.start + 1, `<!-- ${marker} --> must stand at the top level, not inside a list or quote`);
      }
      if (token.level === 0) blocks.push({ ...map, kind: marker === "slide" ? "slide-marker" : "prose" });
      continue;
    }
    if (token.type === "inline" && token.children && map) {
      for (const child of token.children) {
        if (child.type === "html_inline" && child.content.startsWith("<!--")) {
          const marker = commentName(child.content);
          if ((LESSON_MARKERS as readonly string[]).includes(marker)) {
            throw new LessonError(file, map.start + 1, `<!-- ${marker} --> must stand alone on its own line`);
          }
          throw unknownMarker(file, map.start + 1, marker);
        }
      }
    }
    if (token.level === 0 && token.nesting !== -1 && map) {
      const isSlideHeading = token.type === "heading_open" && token.tag === "h2";
      blocks.push({ ...map, kind: isSlideHeading ? "slide-heading" : "prose" });
    }
  }

  const cells: LessonCell[] = [];
  let slidePending = true; // the first cell opens the first slide
  let proseStart = -1;
  const flushProse = (until: number): void => {
    if (proseStart < 0) return;
    let end = until;
    while (end > proseStart && lines[end - 1].trim() === "") end--;
    const source = lines.slice(proseStart, end).join("\n");
    if (source.trim() !== "") {
      cells.push({ kind: "markdown", source, line: proseStart + 1, ...(slidePending ? { slide: true } : {}) });
      slidePending = false;
    }
    proseStart = -1;
  };

  for (const block of blocks) {
    switch (block.kind) {
      case "prose":
        if (proseStart < 0) proseStart = block.start;
        break;
      case "slide-heading":
        flushProse(block.start);
        slidePending = true;
        proseStart = block.start;
        break;
      case "slide-marker":
        flushProse(block.start);
        slidePending = true;
        break;
      case "code":
      case "show-only":
      case "timed": {
        flushProse(block.start);
        const source = contentOf.get(block) ?? "";
        if (source.trim() === "") throw new LessonError(file, block.start + 1, "empty ```ts cell");
        cells.push({
          kind: "code",
          source,
          line: block.start + 2, // the first line of code, after the opening fence
          ...(block.kind === "show-only" ? { showOnly: true } : {}),
          ...(block.kind === "timed" ? { timed: true } : {}),
          ...(slidePending ? { slide: true } : {}),
        });
        slidePending = false;
        break;
      }
    }
  }
  flushProse(lines.length);
  if (!cells.some((c) => c.kind === "code" && !c.showOnly)) {
    throw new LessonError(file, bodyStart + 1, "a lesson needs at least one ```ts cell that runs");
  }
  return cells;
}

/** Validates a fence and says what it is: a code cell, a show-only or timed cell, or code inside the prose. */
function checkFence(info: string, markup: string, level: number, lines: string[], start: number, end: number, file: string): Block["kind"] {
  const closing = (lines[end - 1] ?? "").replace(/^[\s>]*/, "").trimEnd();
  const closed = end - start >= 2 && closing.length >= markup.length && [...closing].every((ch) => ch === markup[0]);
  if (!closed) throw new LessonError(file, start + 1, `unclosed fence: the ${markup} opened here is never closed`);

  const words = info.trim().split(/\s+/).filter((w) => w !== "");
  const language = words[0] ?? "";
  if (language === "ts") {
    const options = words.slice(1);
    if (options.length > 1 || (options.length === 1 && options[0] !== "show-only" && options[0] !== "timed")) {
      throw new LessonError(file, start + 1, `unknown fence option "${options.join(" ")}" (a code fence is \`\`\`ts, \`\`\`ts show-only or \`\`\`ts timed)`);
    }
    if (level !== 0) throw new LessonError(file, start + 1, "a ```ts cell must be at the top level, not inside a list or quote");
    return options.length === 1 ? (options[0] as "show-only" | "timed") : "code";
  }
  if ((PROSE_FENCE_LANGUAGES as readonly string[]).includes(language) && words.length === 1) return "prose";
  const got = language === "" ? "a fence without a language" : `unknown fence language "${info.trim()}"`;
  throw new LessonError(file, start + 1, `${got}: use \`\`\`ts (a cell), \`\`\`ts show-only (shown, not run), or ${PROSE_FENCE_LANGUAGES.map((l) => "```" + l).join(", ")} (prose)`);
}

/** For an HTML block: null when it is not a comment, else the marker it names (errors for unknown ones). */
function checkComment(content: string, start: number, file: string): string | null {
  const text = content.trim();
  if (!text.startsWith("<!--")) return null;
  const close = text.indexOf("-->");
  if (close !== text.length - 3) {
    throw new LessonError(file, start + 1, "a marker comment must stand alone: <!-- name --> and nothing else on its lines");
  }
  const name = commentName(text);
  if (!(LESSON_MARKERS as readonly string[]).includes(name)) throw unknownMarker(file, start + 1, name);
  return name;
}

function commentName(comment: string): string {
  return comment.replace(/^<!--/, "").replace(/-->$/, "").trim();
}

function unknownMarker(file: string, line: number, name: string): LessonError {
  return new LessonError(file, line, `unknown marker <!-- ${name} --> (known markers: ${LESSON_MARKERS.map((m) => `<!-- ${m} -->`).join(", ")})`);
}
