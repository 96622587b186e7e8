// Grading, part 4: the report in words. The score table (drawn by the same formatTable that show()
// uses for tables), the failures with what went wrong and the hint, and the whole report as text.
import { formatTable } from "../viz/describe.js";
import { STATUS_WORDS as statusWords, type GradeReport } from "./grade-types.js";

/** Rows of the score table: lesson, exercise, points, status. */
export function scoreRows(report: GradeReport): string[][] {
  return report.exercises.map((e) => [e.lesson, e.id, `${e.earned}/${e.points}`, statusWords[e.status]]);
}

export const scoreColumns = ["lesson", "exercise", "points", "status"];

/**
 * Each failing exercise: its failing tests, what went wrong (the first failed check), where the
 * student's code threw (file:line and the lines around it), what it printed, and the hint. A cause
 * shared by every test of several exercises (the file does not parse) is said once.
 */
export function formatFailures(report: GradeReport): string {
  const notStarted: string[] = [];
  const blocks: string[] = [];
  /** Whole-exercise causes already reported, with the block that reported them. */
  const shared = new Map<string, { ids: string[]; block: number; detail: string[] }>();
  for (const e of report.exercises) {
    if (e.status === "pass") continue;
    const file = displayFile(report.target, e.slug);
    if (e.status === "not-implemented") {
      notStarted.push(`${e.id}: not implemented yet — write it in ${file}, then run \`npm run grade -- ${e.id}\``);
      continue;
    }
    const failed = e.tests.filter((t) => t.status !== "pass");
    const messages = new Set(failed.map((t) => t.message));
    if (failed.length === e.tests.length && failed.length > 1 && messages.size === 1) {
      // One cause for every test (the file did not load, or loops while loading): say it once, and
      // once for all the exercises it stops.
      const cause = `${statusWords[e.status]} — ${failed[0].message ?? "all tests failed"}`;
      const seen = shared.get(cause);
      if (seen) {
        seen.ids.push(e.id);
        blocks[seen.block] = [`${seen.ids.join(", ")}: ${cause}`, ...seen.detail].join("\n");
        continue;
      }
      const detail = [
        ...(failed[0].where ? indent(`where: ${failed[0].where}`, "  ") : []),
        ...(failed[0].output ? ["  your code printed:", ...indent(failed[0].output, "    ")] : []),
      ];
      shared.set(cause, { ids: [e.id], block: blocks.length, detail });
      blocks.push([`${e.id}: ${cause}`, ...detail].join("\n"));
      continue;
    }
    const lines = [`${e.id}: ${e.status === "timeout" ? "timed out" : `${failed.length} of ${e.tests.length} tests failed`} (${file})`];
    const notRun = failed.filter((t) => t.status === "not-run");
    for (const t of failed) {
      if (t.status === "not-run") continue;
      lines.push(`  ✗ ${t.title} (${t.points} ${t.points === 1 ? "point" : "points"})${t.status === "fail" ? "" : ` — ${statusWords[t.status]}`}`);
      if (t.message) lines.push(...indent(`what went wrong: ${t.message}`, "      "));
      if (t.where) lines.push(...indent(`where: ${t.where}`, "      "));
      if (t.output) lines.push("      your code printed:", ...indent(t.output, "        "));
      lines.push(...indent(`hint: ${t.hint}`, "      "));
    }
    if (notRun.length > 0) {
      lines.push(`  (${notRun.length} more ${notRun.length === 1 ? "test" : "tests"} of ${e.id} not run: ${notRun[0].message?.replace(/^not run: /, "") ?? "see above"})`);
    }
    blocks.push(lines.join("\n"));
  }
  if (notStarted.length > 0) blocks.push(notStarted.join("\n"));
  return blocks.join("\n\n");
}

/** The file a student edits for lesson `slug`, given a report's target (describeTarget). */
export function displayFile(target: string, slug: string): string {
  if (target === "exercises" || target === "solutions") return `${target}/${slug}.ts`;
  return target.endsWith(".ts") ? target : `${target}/${slug}.ts`;
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((line) => prefix + line);
}

/** The whole report as plain text: table, total, then failures with hints. */
export function formatReport(report: GradeReport): string {
  const rows = scoreRows(report);
  const table = formatTable(scoreColumns, [...rows, ["total", "", `${report.earned}/${report.points}`, ""]]);
  const head = `Graded ${report.target}${report.selection.length ? ` (${report.selection.join(" ")})` : ""}` +
    ` — time limit ${seconds(report.timeLimitMs)} per test, ${seconds(report.ms)} in all`;
  const failures = formatFailures(report);
  return [head, "", table, ...(failures ? ["", failures] : [])].join("\n");
}

export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
