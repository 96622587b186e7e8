// The shipped exercise stubs, and `npm run exercises:reset -- 04`.
//
// exercises/NN-slug.ts belongs to the student: they write in it, commit it, or got the course as a ZIP
// with no git at all. The stubs as shipped live in stubs/NN-slug.ts, which nobody edits but the course's
// authors. Reset copies the stub from there (after saving the student's file to
// exercises/.backup/NN-slug.<timestamp>.ts, git-ignored), and grade:verify grades stubs/ directly, so
// neither depends on git or on what the student committed.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GradeToolError } from "./grade-select.js";

/** The folder of shipped stubs, relative to the repository root. */
export const STUBS_DIR = "stubs";

/** A stub file's name: "04-self-attention.ts". */
const STUB_NAME = /^(\d{2})-[a-z0-9-]+\.ts$/;

export interface StubFile {
  /** "04" */
  lesson: string;
  /** "04-self-attention" */
  slug: string;
  /** "stubs/04-self-attention.ts" */
  file: string;
}

/** Every stubs/NN-slug.ts, in lesson order (whatever lessons exist: nothing is listed by hand). */
export function listStubs(root: string): StubFile[] {
  const dir = join(root, STUBS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => name.match(STUB_NAME))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ lesson: m[1], slug: m[0].slice(0, -3), file: `${STUBS_DIR}/${m[0]}` }))
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

export interface ResetResult {
  /** "exercises/00-tour.ts" */
  file: string;
  /** Where the student's version was saved; absent when there was nothing to save. */
  backup?: string;
  /** "restored"; "created" when the exercise file was missing; "unchanged" when it already was the stub. */
  action: "restored" | "created" | "unchanged";
}

/** "2026-11-26T08-40-05-123Z": sortable, and legal in file names on every OS. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

/** Resets the exercise files of these lessons ("04", "4" or "04-self-attention") to stubs/'s copies. */
export function resetExercises(root: string, lessons: string[], now = new Date()): ResetResult[] {
  if (lessons.length === 0) throw new GradeToolError("exercises:reset: name the lesson(s) to reset, e.g. `npm run exercises:reset -- 04`");
  const stubs = listStubs(root);
  const chosen: StubFile[] = [];
  for (const word of lessons) {
    const lesson = word.match(/^(\d{1,2})(-[a-z0-9-]+)?$/);
    if (!lesson) throw new GradeToolError(`exercises:reset: "${word}" is not a lesson number like "04"`);
    const number = lesson[1].padStart(2, "0");
    const matches = stubs.filter((s) => s.lesson === number);
    if (matches.length === 0) {
      throw new GradeToolError(`exercises:reset: no ${STUBS_DIR}/${number}-*.ts (lessons with exercises: ${stubs.map((s) => s.lesson).join(", ") || "none"})`);
    }
    for (const m of matches) if (!chosen.includes(m)) chosen.push(m);
  }
  const results: ResetResult[] = [];
  for (const stub of chosen) {
    const path = `exercises/${stub.slug}.ts`;
    const stubText = readFileSync(join(root, stub.file), "utf8");
    const target = join(root, path);
    if (!existsSync(target)) {
      mkdirSync(join(root, "exercises"), { recursive: true });
      writeFileSync(target, stubText);
      results.push({ file: path, action: "created" });
      continue;
    }
    if (readFileSync(target, "utf8") === stubText) {
      results.push({ file: path, action: "unchanged" });
      continue;
    }
    mkdirSync(join(root, "exercises", ".backup"), { recursive: true });
    const backup = `exercises/.backup/${stub.slug}.${timestamp(now)}.ts`;
    copyFileSync(target, join(root, backup));
    writeFileSync(target, stubText);
    results.push({ file: path, backup, action: "restored" });
  }
  return results;
}
