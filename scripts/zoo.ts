// npm run zoo -- <command> [options]: the local model zoo (models/, see models/README.md).
//   list                 one line per model: name, architecture, parameters, what it is
//   verify               every file against its card; load each model and run it on a real sentence
//   build <name> ...     retrain a model from data/ with seeded generators and write its folder
//   index                rewrite models/README.md's index from the folders present
//   recipes              the models build can make
// Exit status: 0 ok, 1 a check or build failed, 2 a wrong command line.
import { resolve } from "node:path";
import { QkvError, ZOO_DIR, listPretrained, updateZooIndex, verifyPretrained } from "../src/index.js";
import { type RecipeSize, buildModel } from "./zoo/common.js";
import { RECIPES, recipeNamed } from "./zoo/recipes.js";

const USAGE = `usage: npm run zoo -- <command> [options]
commands:
  list                          the zoo, one line per model
  verify                        check every shipped file against its card; load and run every model
  build <name> [<name> ...]     retrain models from data/ and write <zoo>/<name>/ (recipes: ${RECIPES.map((r) => r.name).join(", ")})
  index                         rewrite <zoo>/README.md's index from the model folders
  recipes                       the models build can make
options:
  --zoo DIR                     the zoo folder (default: models/)
  --size full|tiny              build: the shipped size (default) or a toy size that runs in seconds
  --quiet                       build: no progress bar
  --help                        this text`;

class UsageError extends Error {}

const COMMANDS: Record<string, string[]> = {
  list: ["--zoo"],
  verify: ["--zoo"],
  build: ["--zoo", "--size", "--quiet"],
  index: ["--zoo"],
  recipes: [],
};
const TAKES_VALUE = new Set(["--zoo", "--size"]);

interface Args {
  command: string;
  names: string[];
  zoo: string;
  size: RecipeSize;
  quiet: boolean;
}

export function parseArgs(argv: string[]): Args | "help" {
  if (argv.includes("--help") || argv.includes("-h")) return "help";
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError("give a command");
  if (command.startsWith("-")) {
    const every = [...new Set(Object.values(COMMANDS).flat())];
    throw new UsageError(`unknown option ${command}; valid options: ${[...every, "--help"].join(", ")} (after a command)`);
  }
  if (!(command in COMMANDS)) throw new UsageError(`unknown command "${command}" (valid: ${Object.keys(COMMANDS).join(", ")})`);
  const valid = COMMANDS[command];
  const args: Args = { command, names: [], zoo: ZOO_DIR, size: "full", quiet: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith("-")) {
      if (!valid.includes(a)) {
        throw new UsageError(`unknown option ${a}; valid options: ${[...valid, "--help"].join(", ")} (for "${command}")`);
      }
      let value: string | undefined;
      if (TAKES_VALUE.has(a)) {
        value = rest[++i];
        if (value === undefined || value.startsWith("--")) throw new UsageError(`${a} needs a value`);
      }
      if (a === "--zoo") args.zoo = resolve(value!);
      else if (a === "--size") {
        if (value !== "full" && value !== "tiny") throw new UsageError(`--size must be "full" or "tiny", got "${value}"`);
        args.size = value;
      } else if (a === "--quiet") args.quiet = true;
    } else if (command === "build") {
      if (!recipeNamed(a)) throw new UsageError(`no recipe named "${a}" (recipes: ${RECIPES.map((r) => r.name).join(", ")})`);
      args.names.push(a);
    } else {
      throw new UsageError(`"${command}" takes no argument, got "${a}"`);
    }
  }
  if (command === "build" && args.names.length === 0) throw new UsageError(`build needs a recipe name (recipes: ${RECIPES.map((r) => r.name).join(", ")})`);
  return args;
}

function run(args: Args): number {
  switch (args.command) {
    case "list": {
      const entries = listPretrained({ zooDir: args.zoo });
      if (entries.length === 0) console.log(`the zoo (${args.zoo}) holds no model yet`);
      for (const e of entries) console.log(e.line);
      return 0;
    }
    case "verify": {
      const report = verifyPretrained({ zooDir: args.zoo });
      for (const line of report.lines) console.log(line);
      return report.ok ? 0 : 1;
    }
    case "index":
      updateZooIndex(args.zoo);
      console.log(`rewrote the index of ${args.zoo}/README.md`);
      return 0;
    case "recipes":
      for (const r of RECIPES) console.log(`${r.name.padEnd(22)} ${r.description}${r.needs.length ? ` (starts from ${r.needs.join(", ")})` : ""}`);
      return 0;
    case "build": {
      for (const name of args.names) {
        const result = buildModel(recipeNamed(name)!, {
          zooDir: args.zoo, size: args.size, showProgress: !args.quiet, log: (line) => console.error(line),
        });
        const weights = result.files.find((f) => f.file === "model.safetensors")!;
        console.log(`${name}: ${result.parameters.toLocaleString("en-US")} parameters, model.safetensors ${weights.bytes.toLocaleString("en-US")} bytes (sha256 ${weights.sha256}), built in ${result.seconds.toFixed(1)} s`);
        console.log(`  metrics: ${Object.entries(result.metrics).map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`).join(", ")}`);
      }
      return 0;
    }
  }
  return 2;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  let code: number;
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args === "help") {
      console.log(USAGE);
      code = 0;
    } else {
      code = run(args);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`zoo: ${error.message}\n${USAGE}`);
      code = 2;
    } else if (error instanceof QkvError) {
      console.error(`zoo: ${error.message}`);
      code = 1;
    } else {
      throw error;
    }
  }
  process.exit(code);
}
