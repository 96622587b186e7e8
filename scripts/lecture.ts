// `npm run lecture -- NN` (or `-- --all`): runs a lesson's cells in Node with notebook semantics,
// prints the pre-flight report (per-cell time, failures with file:line, total) and writes the lecture page.
// Exit status 1 when any lesson fails or writes to stderr.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { LessonRun } from "../src/course/types.js";
import { parseCommandLine } from "../src/course/cli.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = parseCommandLine(
  {
    command: "npm run lecture",
    words: { usage: "NN ...", help: "lesson numbers to run, e.g. 04" },
    flags: [{ name: "--all", help: "run every lesson" }],
  },
  process.argv.slice(2),
);
const all = args.flag("--all");
const numbers = args.words;
const bad = numbers.filter((n) => !/^\d\d?$/.test(n));
if (bad.length > 0 || (!all && numbers.length === 0)) {
  console.error(`usage: npm run lecture -- NN [NN ...]   or   npm run lecture -- --all${bad.length ? `  (not a lesson number: ${bad.join(" ")})` : ""}`);
  process.exit(2);
}

// Loaded once the command line is known to be good: a typo fails at once, before the library loads.
const { LessonError, listLessonFiles, parseLessonSource, selectLessonFiles } = await import("../src/course/lesson.js");
const { writeLecturePage } = await import("../src/course/page.js");
const { formatPreflight, runLesson } = await import("../src/course/runner.js");

const files = listLessonFiles(join(root, "lessons"));
let chosen: string[];
try {
  chosen = all ? files : selectLessonFiles(files, numbers);
} catch (error) {
  console.error(`lecture: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
/** Pages go where `npm start` serves the site from. */
const siteDir = join(root, "site");

let failures = 0;
let totalMs = 0;
for (const file of chosen) {
  let run: LessonRun;
  try {
    const lesson = parseLessonSource(readFileSync(file, "utf8"), relative(root, file).split("\\").join("/"));
    run = await runLesson(lesson);
  } catch (error) {
    if (error instanceof LessonError) {
      console.error(`FAILED ${error.message}`);
      failures++;
      continue;
    }
    throw error;
  }
  totalMs += run.totalMs;
  console.log(formatPreflight(run));
  if (!run.ok || run.cells.some((c) => c.stderr)) failures++;
  console.log(`  page: ${relative(root, writeLecturePage(run, siteDir))}`);
}
console.log(`lecture: ${chosen.length} lesson(s), ${failures} with problems, ${(totalMs / 1000).toFixed(2)} s of cells in all`);
process.exit(failures > 0 ? 1 : 0);
