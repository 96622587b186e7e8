// npm run exercises:reset -- 04 [05 …]: restore lesson 04's exercise stubs (git HEAD's version) after
// saving the current file to exercises/.backup/04-slug.<timestamp>.ts.
import { resetExercises } from "../src/course/grade-reset.js";
import { repoRoot } from "../src/course/grade.js";

try {
  const results = resetExercises(repoRoot(), process.argv.slice(2));
  for (const r of results) {
    console.log(r.action === "restored" ? `${r.file}: restored the stub; your version is saved as ${r.backup}` : `${r.file}: already the stub, nothing to do`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
