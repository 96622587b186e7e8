// Registers the tslab kernel for this project (run by `npm install` / `npm ci` through "prepare"), and
// writes the library's declaration files to .types/, which notebooks type-check against (see
// src/course/kernel-types.ts: the first import in a notebook then takes seconds, not ten or more).
// Writes .jupyter/kernels/tslab/kernel.json; Jupyter finds it with JUPYTER_PATH=$PWD/.jupyter
// (`npm run jupyter` and `npm run notebooks:execute` set that). The kernel runs tslab under tsx's
// loader, so notebooks can `import … from "qkv"` and get src/*.ts without a build step. The loader
// goes in argv, not NODE_OPTIONS, because NODE_OPTIONS would leak into (and slow) child processes.
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { TSLAB_KERNELSPEC } from "../src/course/notebook.js";
import { parseCommandLine } from "../src/course/cli.js";
import { emitTypes, TYPES_DIR } from "../src/course/kernel-types.js";

parseCommandLine({ command: "npm run prepare", words: null, flags: [] }, process.argv.slice(2));

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

const tsxLoader = import.meta.resolve("tsx");
const tslabBin = join(dirname(require.resolve("tslab/package.json")), "bin", "tslab");

const kernel = {
  argv: [process.execPath, "--import", tsxLoader, tslabBin, "kernel", "--config-path", "{connection_file}"],
  display_name: TSLAB_KERNELSPEC.display_name,
  language: TSLAB_KERNELSPEC.language,
};
// The folder's name is the kernel's name, which every generated notebook's kernelspec asks for.
const dir = join(root, ".jupyter", "kernels", TSLAB_KERNELSPEC.name);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernel, null, 2) + "\n");
console.log(`registered the tslab kernel for qkv: ${join(dir, "kernel.json")} (use it with JUPYTER_PATH=${join(root, ".jupyter")})`);
const types = await emitTypes(root);
console.log(`wrote the library's type declarations for notebooks: ${types.files} files in ${TYPES_DIR}/ (${(types.ms / 1000).toFixed(1)} s)`);
