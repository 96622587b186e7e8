// `npm run lecture -- NN` (or `-- --all`): runs a lesson's cells in Node with notebook semantics,
// prints the pre-flight report (per-cell time, failures with file:line, total) and writes the lecture page.
// Exit status 1 when any lesson fails or writes to stderr.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LessonError, parseLessonSource } from "../src/course/lesson.js";
import { lessonFiles } from "../src/course/notebook.js";
import { formatPreflight, runLesson, type RunnerLessonRun } from "../src/course/runner.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const all = args.includes("--all");
const numbers = args.filter((a) => a !== "--all");
const bad = numbers.filter((n) => !/^\d\d?$/.test(n));
if (bad.length > 0 || (!all && numbers.length === 0)) {
  console.error(`usage: npm run lecture -- NN [NN ...]   or   npm run lecture -- --all${bad.length ? `  (not a lesson number: ${bad.join(" ")})` : ""}`);
  process.exit(2);
}

const files = lessonFiles(root);
const chosen = all ? files : numbers.map((n) => {
  const nn = n.padStart(2, "0");
  const file = files.find((f) => relative(join(root, "lessons"), f).startsWith(`${nn}-`));
  if (!file) {
    console.error(`lecture: no lesson ${nn} in lessons/ (have: ${files.map((f) => relative(join(root, "lessons"), f)).join(", ")})`);
    process.exit(2);
  }
  return file;
});

type PageWriter = (run: RunnerLessonRun, outDir: string) => string;
/** Pages go where `npm start` serves the site from. */
const siteDir = join(root, "site");

/** The lecture page writer (src/course/page.ts), looked up at run time so this script also works without it. */
async function loadPageWriter(): Promise<PageWriter | string> {
  const pageFile = join(root, "src", "course", "page.ts");
  if (!existsSync(pageFile)) return "TODO: the lecture page writer (src/course/page.ts) is not in the tree yet; no page written";
  const mod = (await import(pathToFileURL(pageFile).href)) as Record<string, unknown>;
  const writer = mod["writeLecturePage"];
  if (typeof writer !== "function") return "TODO: src/course/page.ts has no writeLecturePage(run, outDir) export; no page written";
  return writer as PageWriter;
}

const writer = await loadPageWriter();
let failures = 0;
let totalMs = 0;
for (const file of chosen) {
  let run: RunnerLessonRun;
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
  if (typeof writer === "string") console.log(`  page: ${writer}`);
  else console.log(`  page: ${relative(root, writer(run, siteDir))}`);
}
console.log(`lecture: ${chosen.length} lesson(s), ${failures} with problems, ${(totalMs / 1000).toFixed(2)} s of cells in all`);
process.exit(failures > 0 ? 1 : 0);
