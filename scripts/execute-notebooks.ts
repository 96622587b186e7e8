// `npm run notebooks:execute`: runs every notebook in notebooks/ headless, in this project's tslab
// kernel, with Jupyter's nbconvert; fails on any error or stderr output, naming notebook, cell and the
// lesson line it came from. Executed copies go to test-output/notebooks/ (notebooks/ is never written).
//   --json FILE   also write {numPassedTests, numFailedTests} (one "test" per notebook) for .ci/tally.mjs
//   --jobs N      notebooks run at once (default 2: each kernel spends most of its time type-checking)
//   NN ...        only the notebooks of these lessons
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseLessonSource } from "../src/course/lesson.js";
import { describeCellOrigin } from "../src/course/notebook.js";
import { parseCommandLine } from "../src/course/cli.js";
import { ensureTypes } from "../src/course/kernel-types.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const notebooksDir = join(root, "notebooks");
const outDir = join(root, "test-output", "notebooks");

const args = parseCommandLine(
  {
    command: "npm run notebooks:execute",
    words: { usage: "[NN ...]", help: "only the notebooks of these lessons (default: all)" },
    flags: [
      { name: "--json", value: "FILE", help: "also write {numPassedTests, numFailedTests} for .ci/tally.mjs" },
      { name: "--jobs", value: "N", help: "notebooks run at once (default 2)" },
    ],
  },
  process.argv.slice(2),
);
const jsonFile: string | null = args.value("--json") ?? null;
const jobsValue = args.value("--jobs") ?? "2";
if (!/^[1-9]\d*$/.test(jobsValue)) {
  console.error(`notebooks:execute: --jobs must be a positive whole number, got ${jobsValue}`);
  process.exit(2);
}
const jobs = Number(jobsValue);
const only: string[] = args.words;
const notLessons = only.filter((w) => !/^\d\d$/.test(w));
if (notLessons.length > 0) {
  console.error(`notebooks:execute: ${notLessons.join(" ")} is not a lesson number like 00`);
  process.exit(2);
}

if (spawnSync("jupyter", ["nbconvert", "--version"], { stdio: "ignore" }).status !== 0) {
  console.error("notebooks:execute: jupyter nbconvert is not installed (Debian: apt-get install jupyter-nbconvert jupyter-client)");
  process.exit(1);
}
const kernelJson = join(root, ".jupyter", "kernels", "tslab", "kernel.json");
if (!existsSync(kernelJson)) {
  console.error(`notebooks:execute: ${kernelJson} is missing; run \`npm run prepare\` (npm install does it)`);
  process.exit(1);
}

interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}
interface NotebookCell {
  cell_type: string;
  id?: string;
  outputs?: NotebookOutput[];
}

const text = (t: string | string[] | undefined): string => (Array.isArray(t) ? t.join("") : (t ?? ""));
const firstLines = (s: string, n: number): string => {
  const lines = s.split("\n");
  return lines.slice(0, n).join("\n    ") + (lines.length > n ? `\n    … (${lines.length - n} more lines)` : "");
};

/** "cell 3 (id 00-tour-c03, lessons/00-tour.md:25)" — where a notebook cell came from. */
function describeCell(notebookFile: string, nb: { cells: NotebookCell[]; metadata?: { qkv?: { lesson?: string } } }, index: number): string {
  const id = nb.cells[index]?.id ?? "?";
  const lessonPath = nb.metadata?.qkv?.lesson;
  let origin = "";
  if (lessonPath && existsSync(join(root, lessonPath))) {
    try {
      origin = `, ${describeCellOrigin(parseLessonSource(readFileSync(join(root, lessonPath), "utf8"), lessonPath), index)}`;
    } catch {
      origin = `, ${lessonPath} (does not parse)`;
    }
  }
  return `${notebookFile} cell ${index} (id ${id}${origin})`;
}

// Notebooks type-check against .types/: bring it up to date if the library changed since npm install.
await ensureTypes(root);

const notebooks = readdirSync(notebooksDir)
  .filter((f) => f.endsWith(".ipynb") && (only.length === 0 || only.includes(f.slice(0, 2))))
  .sort();
if (notebooks.length === 0) {
  console.error("notebooks:execute: no notebooks to run");
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
const env = { ...process.env, JUPYTER_PATH: join(root, ".jupyter") };
let passed = 0;
let failed = 0;
const started = Date.now();

/** Runs one notebook; resolves to the problems found (empty = passed) and the seconds it took. */
function execute(name: string): Promise<{ problems: string[]; seconds: string }> {
  const rel = `notebooks/${name}`;
  const t0 = Date.now();
  // --allow-errors: nbconvert still writes the executed notebook, so the failing cell can be named.
  // tslab then refuses ("aborts") the next cells, so only the first failure is reported; a timeout or
  // a dead kernel still makes nbconvert exit non-zero. (tslab leaves execution_count empty, so it
  // cannot tell executed cells from aborted ones.)
  const child = spawn(
    "jupyter",
    ["nbconvert", "--to", "notebook", "--execute", "--allow-errors", "--ExecutePreprocessor.timeout=300", "--ExecutePreprocessor.kernel_name=tslab", "--output-dir", outDir, join(notebooksDir, name)],
    { env, cwd: notebooksDir, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return new Promise((resolve) => {
    child.on("close", (status) => {
      const problems: string[] = [];
      const outFile = join(outDir, name);
      if (status !== 0 || !existsSync(outFile)) {
        problems.push(`nbconvert exited with ${status}: ${stderr.trim().split("\n").slice(-5).join("\n    ")}`);
      } else {
        const nb = JSON.parse(readFileSync(outFile, "utf8")) as { cells: NotebookCell[]; metadata?: { qkv?: { lesson?: string } } };
        nb.cells.forEach((cell, i) => {
          if (cell.cell_type !== "code") return;
          for (const o of cell.outputs ?? []) {
            if (o.output_type === "error") problems.push(`${describeCell(rel, nb, i)}: ${o.ename}: ${o.evalue}`);
            if (o.output_type === "stream" && o.name === "stderr") problems.push(`${describeCell(rel, nb, i)}: stderr: ${firstLines(text(o.text).trim(), 6)}`);
          }
        });
      }
      resolve({ problems, seconds: ((Date.now() - t0) / 1000).toFixed(1) });
    });
  });
}

// executed copies are compared with nothing old: clear the ones this run makes
for (const name of notebooks) rmSync(join(outDir, name), { force: true });
const queue = [...notebooks];
await Promise.all(
  Array.from({ length: Math.min(jobs, notebooks.length) }, async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const { problems, seconds } = await execute(name);
      if (problems.length === 0) {
        passed++;
        console.log(`ok      notebooks/${name}  (${seconds} s)`);
      } else {
        failed++;
        console.log(`FAILED  notebooks/${name}  (${seconds} s)\n${problems.map((p) => `  ${p}`).join("\n")}`);
      }
    }
  }),
);

console.log(`notebooks:execute: ${passed} passed, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s; executed copies in test-output/notebooks/`);
if (jsonFile) {
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, JSON.stringify({ numPassedTests: passed, numFailedTests: failed, numTotalTests: passed + failed }) + "\n");
}
process.exit(failed > 0 ? 1 : 0);
