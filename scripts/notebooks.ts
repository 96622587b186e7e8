// `npm run notebooks` builds notebooks/NN-slug.ipynb from lessons/NN-slug.md.
//   --check   compare only: exit 1 when a notebook is missing or differs from its lesson
//   --force   also overwrite notebooks edited by hand (a backup goes to notebooks/.backup/)
//   --root D  work on D/lessons and D/notebooks instead of this repository's (tests use it)
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describeSyncResult, syncNotebooks } from "../src/course/notebook.js";
import { LessonError } from "../src/course/lesson.js";
import { parseCommandLine } from "../src/course/cli.js";

const args = parseCommandLine(
  {
    command: "npm run notebooks",
    words: null,
    flags: [
      { name: "--check", help: "compare only: exit 1 when a notebook's cells differ from its lesson" },
      { name: "--force", help: "also rebuild notebooks whose cells were edited by hand (a backup goes to notebooks/.backup/)" },
      { name: "--root", value: "DIR", help: "work on DIR/lessons and DIR/notebooks instead of this repository's" },
    ],
  },
  process.argv.slice(2),
);
const root = args.value("--root") !== undefined ? resolve(args.value("--root")!) : fileURLToPath(new URL("..", import.meta.url));
const check = args.flag("--check");
const force = args.flag("--force");

try {
  const results = syncNotebooks({ root, check, force });
  let problems = 0;
  for (const r of results) {
    const bad = r.status === "differs" || r.status === "missing" || r.status === "kept-edited";
    if (bad) problems++;
    if (bad) console.error(describeSyncResult(r));
    else console.log(describeSyncResult(r));
  }
  const verb = check ? "checked" : "built";
  console.log(`notebooks: ${verb} ${results.length} notebook(s), ${problems} problem(s)`);
  process.exit(problems > 0 ? 1 : 0);
} catch (error) {
  if (error instanceof LessonError) {
    console.error(`notebooks: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
