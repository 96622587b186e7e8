// `npm run exercises:reset -- 04`: put a lesson's exercise file back to the stub as shipped (git HEAD's
// version), after saving the student's file to exercises/.backup/NN-slug.<timestamp>.ts (git-ignored).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GradeToolError } from "./grade.js";

export interface ResetResult {
  /** "exercises/00-tour.ts" */
  file: string;
  /** Where the student's version was saved; absent when there was nothing to save. */
  backup?: string;
  /** "restored", or "unchanged" when the file already was the stub. */
  action: "restored" | "unchanged";
}

/** "2026-11-26T08-40-05-123Z": sortable, and legal in file names on every OS. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

/** Resets the exercise files of these lessons ("04", "4" or "04-self-attention"). */
export function resetExercises(root: string, lessons: string[], now = new Date()): ResetResult[] {
  if (lessons.length === 0) throw new GradeToolError("exercises:reset: name the lesson(s) to reset, e.g. `npm run exercises:reset -- 04`");
  const dir = join(root, "exercises");
  const files = existsSync(dir) ? readdirSync(dir).filter((name) => /^\d{2}-[a-z0-9-]+\.ts$/.test(name)) : [];
  const chosen: string[] = [];
  for (const word of lessons) {
    const lesson = word.match(/^(\d{1,2})(-[a-z0-9-]+)?$/);
    if (!lesson) throw new GradeToolError(`exercises:reset: "${word}" is not a lesson number like "04"`);
    const number = lesson[1].padStart(2, "0");
    const matches = files.filter((name) => name.startsWith(`${number}-`));
    if (matches.length === 0) throw new GradeToolError(`exercises:reset: no exercises/${number}-*.ts (lessons with exercises: ${files.map((f) => f.slice(0, 2)).join(", ") || "none"})`);
    chosen.push(...matches);
  }
  const results: ResetResult[] = [];
  for (const name of chosen) {
    const path = `exercises/${name}`;
    const shown = spawnSync("git", ["show", `HEAD:${path}`], { cwd: root, encoding: "utf8" });
    if (shown.status !== 0) {
      throw new GradeToolError(`exercises:reset: cannot read the stub of ${path} from git HEAD (${(shown.stderr || String(shown.error ?? "")).trim()}); nothing was changed`);
    }
    const current = readFileSync(join(root, path), "utf8");
    if (current === shown.stdout) {
      results.push({ file: path, action: "unchanged" });
      continue;
    }
    const backupDir = join(root, "exercises", ".backup");
    mkdirSync(backupDir, { recursive: true });
    const backup = `exercises/.backup/${name.replace(/\.ts$/, "")}.${timestamp(now)}.ts`;
    copyFileSync(join(root, path), join(root, backup));
    writeFileSync(join(root, path), shown.stdout);
    results.push({ file: path, backup, action: "restored" });
  }
  return results;
}
