// npm run exercises:reset -- 04 [05 …]: put lesson 04's exercise file back to the stub as shipped
// (stubs/04-slug.ts), after saving the current file to exercises/.backup/04-slug.<timestamp>.ts.
// Works after `git commit`, without git (a ZIP), and for a deleted exercise file.
import { parseCommandLine } from "../src/course/cli.js";
import { resetExercises } from "../src/course/grade-reset.js";
import { repoRoot } from "../src/course/grade.js";

const args = parseCommandLine(
  { command: "npm run exercises:reset", words: { usage: "LESSON ...", help: "lesson numbers to start over, e.g. 04 (your file is saved in exercises/.backup/)" }, flags: [] },
  process.argv.slice(2),
);
try {
  const results = resetExercises(repoRoot(), args.words);
  for (const r of results) {
    if (r.action === "restored") console.log(`${r.file}: restored the stub; your version is saved as ${r.backup}`);
    else if (r.action === "created") console.log(`${r.file}: was missing; wrote the stub`);
    else console.log(`${r.file}: already the stub, nothing to do`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
