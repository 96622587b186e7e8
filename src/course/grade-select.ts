// Grading, part 1: what to grade. Finds the repository and its graders (tests/graders/NN-slug.test.ts),
// turns command-line words ("04", "04.2") into grader files and exercise ids, and names targets
// ("exercises", "solutions", a folder or one file) the way the grader kit and the reports do.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";


/** A failure of the grading tool itself (not of the student's code): the CLI exits non-zero. */
export class GradeToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GradeToolError";
  }
}

/** Default per-test time limit. Graders use tiny inputs; a correct answer takes milliseconds. */
export const DEFAULT_TIME_LIMIT_MS = 5000;

/** The repository root: where package.json says "qkv" (found from this file, else from the cwd). */
export function repoRoot(): string {
  const candidates: string[] = [];
  try {
    candidates.push(resolve(dirname(fileURLToPath(import.meta.url)), "../.."));
  } catch {
    // loaded without import.meta (CommonJS): fall back to the working directory
  }
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    candidates.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of candidates) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && existsSync(join(dir, "tests", "graders"))) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "qkv") return dir;
      } catch {
        // not a package.json we can read: keep looking
      }
    }
  }
  throw new GradeToolError(`grade: cannot find the qkv repository (a package.json named "qkv" with tests/graders/) from ${process.cwd()}`);
}

export interface GraderFile {
  /** "00" */
  lesson: string;
  /** "00-tour" */
  slug: string;
  /** Relative to the repository root: "tests/graders/00-tour.test.ts". */
  file: string;
}

/** The grader files, one per lesson that has exercises, in lesson order. */
export function listGraders(root: string): GraderFile[] {
  const dir = join(root, "tests", "graders");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => name.match(/^((\d{2})-[a-z0-9-]+)\.test\.ts$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ lesson: m[2], slug: m[1], file: `tests/graders/${m[0]}` }))
    .sort((a, b) => a.slug.localeCompare(b.slug));
}

export interface Selection {
  graders: GraderFile[];
  /** Exercise ids asked for; null = every exercise of the chosen lessons. */
  ids: Set<string> | null;
}

/**
 * Turns command-line words into grader files: "04" or "4" (a lesson), "04.2" (an exercise),
 * "04-self-attention" (a lesson by slug). No words = every lesson.
 */
export function resolveSelection(root: string, words: string[]): Selection {
  const all = listGraders(root);
  if (all.length === 0) throw new GradeToolError(`grade: no graders found in ${join(root, "tests", "graders")}`);
  if (words.length === 0) return { graders: all, ids: null };
  // "04.2" selects one exercise, "04" all of lesson 04 (kept as the wildcard "04.*").
  const ids = new Set<string>();
  for (const word of words) {
    const exercise = word.match(/^(\d{1,2})\.(\d+)$/);
    const lesson = word.match(/^(\d{1,2})(-[a-z0-9-]+)?$/);
    if (exercise) ids.add(`${exercise[1].padStart(2, "0")}.${exercise[2]}`);
    else if (lesson) ids.add(`${lesson[1].padStart(2, "0")}.*`);
    else throw new GradeToolError(`grade: "${word}" is neither a lesson ("04") nor an exercise id ("04.2")`);
  }
  const lessons = new Set([...ids].map((id) => id.slice(0, 2)));
  const known = all.map((g) => g.lesson);
  for (const lesson of lessons) {
    if (!known.includes(lesson)) {
      throw new GradeToolError(`grade: lesson ${lesson} has no grader; graded lessons: ${known.join(", ")}`);
    }
  }
  const graders = all.filter((g) => lessons.has(g.lesson));
  return { graders, ids };
}

export function idSelected(ids: Set<string> | null, id: string): boolean {
  return ids === null || ids.has(id) || ids.has(`${id.slice(0, 2)}.*`);
}

/** The graders a target applies to: a folder serves every lesson, one file only the lesson in its path. */
export function gradersFor(root: string, target: string, graders: GraderFile[]): GraderFile[] {
  const file = targetForEnv(root, target).file;
  if (!file) return graders;
  const rel = relative(root, file).split(sep).join("/");
  const owner = graders.find((g) => rel.includes(g.slug));
  if (!owner) throw new GradeToolError(`grade: cannot tell which lesson ${rel} belongs to (its path must contain a slug like "00-tour")`);
  return [owner];
}

export function compareIds(a: string, b: string): number {
  const [la, na] = a.split(".").map(Number);
  const [lb, nb] = b.split(".").map(Number);
  return la - lb || na - nb;
}

/** A vitest -t pattern for the tests of these exercise ids ("04.2") and lessons ("04.*"): "04.2 › …". */
export function namePattern(ids: string[]): string {
  const parts = ids.map((id) => id.replace(".", "\\.").replace("*", "\\d+"));
  // Not anchored at the start: a grader may wrap its tests in describe(), which prefixes the name.
  return `(?:^|\\s)(?:${parts.join("|")}) › `;
}

export function targetForEnv(root: string, target: string): { value: string; file?: string } {
  if (target === "exercises" || target === "solutions") return { value: target };
  const abs = resolve(root, target);
  if (!existsSync(abs)) throw new GradeToolError(`grade: target ${target} does not exist`);
  return statSync(abs).isDirectory() ? { value: abs } : { value: abs, file: abs };
}

export function describeTarget(root: string, target: string): string {
  if (target === "exercises" || target === "solutions") return target;
  return relative(root, resolve(root, target)).split(sep).join("/");
}

