// `npm run notebooks` builds notebooks/NN-slug.ipynb from lessons/NN-slug.md.
//   --check   compare only: exit 1 when a notebook is missing or differs from its lesson
//   --force   also overwrite notebooks edited by hand (a backup goes to notebooks/.backup/)
//   --root D  work on D/lessons and D/notebooks instead of this repository's (tests use it)
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describeSyncResult, syncNotebooks } from "../src/course/notebook.js";
import { LessonError } from "../src/course/lesson.js";

const args = process.argv.slice(2);
let root = fileURLToPath(new URL("..", import.meta.url));
let check = false;
let force = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--check") check = true;
  else if (args[i] === "--force") force = true;
  else if (args[i] === "--root" && args[i + 1]) root = resolve(args[++i]);
  else {
    console.error(`notebooks: unknown argument "${args[i]}" (use --check, --force or --root DIR)`);
    process.exit(2);
  }
}

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
