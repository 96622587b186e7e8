// `npm run jupyter`: opens notebooks/ in Jupyter with this project's tslab kernel.
// Prefers JupyterLab, then the classic Notebook; when neither is installed, says how to get one.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCommandLine } from "../src/course/cli.js";
import { ensureTypes } from "../src/course/kernel-types.js";

const args = parseCommandLine(
  {
    command: "npm run jupyter",
    words: null,
    flags: [
      { name: "--allow-root", help: "let Jupyter run as root (containers)" },
      { name: "--no-browser", help: "do not open a browser; print the URL" },
      { name: "--port", value: "N", help: "the port Jupyter listens on" },
      { name: "--ip", value: "ADDRESS", help: "the address Jupyter listens on" },
    ],
  },
  process.argv.slice(2),
);
/** The same flags, passed on to Jupyter. */
const jupyterArgs: string[] = [
  ...(args.flag("--allow-root") ? ["--allow-root"] : []),
  ...(args.flag("--no-browser") ? ["--no-browser"] : []),
  ...(args.value("--port") !== undefined ? [`--port=${args.value("--port")}`] : []),
  ...(args.value("--ip") !== undefined ? [`--ip=${args.value("--ip")}`] : []),
];
const root = fileURLToPath(new URL("..", import.meta.url));
const kernelJson = join(root, ".jupyter", "kernels", "tslab", "kernel.json");
if (!existsSync(kernelJson)) {
  spawnSync(process.execPath, ["--import", "tsx", join(root, "scripts", "register-kernel.ts")], { stdio: "inherit", cwd: root });
}

/** True when `jupyter <sub> --version` runs, i.e. that Jupyter front end is installed. */
function hasJupyter(sub: string): boolean {
  const r = spawnSync("jupyter", [sub, "--version"], { stdio: "ignore" });
  return r.status === 0;
}

const frontEnd = ["lab", "notebook"].find(hasJupyter);
if (!frontEnd) {
  console.log(`Jupyter is not installed. The notebooks in notebooks/ need JupyterLab or the classic Notebook:

  pip install jupyterlab                  # or: pipx install jupyterlab, conda install jupyterlab
  sudo apt-get install jupyter-notebook   # Debian/Ubuntu: the classic Notebook

then run \`npm run jupyter\` again. The kernel is already registered for this project
(${kernelJson}); npm run jupyter points Jupyter at it with JUPYTER_PATH.
In VS Code: open a notebook, "Select Kernel" -> "Jupyter Kernel…" -> TypeScript (tslab), after
setting JUPYTER_PATH=${join(root, ".jupyter")} in the environment VS Code starts from.
Without Jupyter, \`npm start\` shows every lesson as a web page with its outputs.`);
  process.exit(1);
}

// Notebooks type-check against .types/: bring it up to date if the library changed since npm install.
await ensureTypes(root);
const env = { ...process.env, JUPYTER_PATH: join(root, ".jupyter") };
console.log(`starting jupyter ${frontEnd} in notebooks/ (JUPYTER_PATH=${env.JUPYTER_PATH}); stop it with Ctrl+C`);
if (process.getuid?.() === 0 && !args.flag("--allow-root")) {
  console.log("note: Jupyter refuses to run as root; if that is intended (a container), use `npm run jupyter -- --allow-root`");
}
const child = spawn("jupyter", [frontEnd, "--notebook-dir", join(root, "notebooks"), ...jupyterArgs], { stdio: "inherit", env, cwd: root });
child.on("exit", (code) => process.exit(code ?? 0));
