/**
 * What every zoo recipe shares: the Recipe contract, the machine and kernel description that goes into
 * each card, the card's common sections, the training loop with progress, and buildModel(), which runs a
 * recipe and writes its folder with savePretrained.
 *
 * Why the recipes live in scripts/zoo/ and not in src/: they are build tools, like scripts/build-data.ts.
 * They import from every layer (data, text, models, train, generate, io), so inside src/ they would sit
 * above io and below course, a layer of their own used by nothing else; and their numbers (steps, widths,
 * seeds) are choices about the shipped models, not library API. The library keeps what lessons call:
 * fromPretrained / savePretrained / listPretrained / verifyPretrained (src/io).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as qkv from "../../src/index.js";
import {
  type CardFile, type ModelCard, type PretrainedModel, type Tensor, type Tokenizer, type TrainOptions, type TrainRecord,
  QkvError, progress, savePretrained, sha256Of, train,
} from "../../src/index.js";
import { updateZooIndex, ZOO_README } from "../../src/io/zoo-verify.js";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** src/tensor/kernels.ts (the kernel registry: wasm SIMD or js) when this checkout has one. */
const KERNELS_MODULE = join(ROOT, "src", "tensor", "kernels.ts");
const kernelsModule: Record<string, unknown> | null = existsSync(KERNELS_MODULE)
  ? ((await import(pathToFileURL(KERNELS_MODULE).href)) as Record<string, unknown>)
  : null;

/** "full": the shipped model. "tiny": the same recipe at a toy size, for tests (a few seconds). */
export type RecipeSize = "full" | "tiny";

export interface BuildContext {
  /** The zoo being built into (models/ by default): a recipe that starts from another model reads it here. */
  zooDir: string;
  size: RecipeSize;
  /** One line of build output (stderr by default). */
  log: (line: string) => void;
  /** Draw a progress bar while training (the command line does; tests do not). */
  showProgress: boolean;
}

export interface RecipeOutput {
  model: PretrainedModel;
  tokenizer: Tokenizer;
  targetTokenizer?: Tokenizer;
  /** One line for listPretrained. */
  summary: string;
  /** A real input for verify's forward pass. */
  example: string;
  tags: string[];
  license: string;
  /** Hyper-parameters, shown as a table. */
  hyperParameters: Record<string, string | number | boolean>;
  /** Headline metrics on held-out data (also returned by buildModel for the report). */
  metrics: Record<string, number>;
  /** Card sections in order: [title, markdown]. "Training data", "Metrics", "Intended use", "Limitations" at least. */
  sections: [string, string][];
}

export interface Recipe {
  name: string;
  /** What it is, for `npm run zoo -- recipes`. */
  description: string;
  /** Zoo models this recipe starts from (built first). */
  needs: string[];
  build(ctx: BuildContext): RecipeOutput;
}

export interface BuildResult {
  name: string;
  dir: string;
  files: CardFile[];
  parameters: number;
  metrics: Record<string, number>;
  seconds: number;
}

// ---------------------------------------------------------------------------------------------
// Where and with what a model was built

/** Every file under a folder, sorted, as paths relative to ROOT. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(relative(ROOT, path));
  }
  return out;
}

/**
 * The kernels that computed the model: the backend in use ("wasm" SIMD or plain "js" TypeScript; a
 * checkout without the wasm kernels has only js) and a digest of their source (src/tensor/ and
 * kernels/ if present). Two builds with the same digest and backend compute the same bytes; a kernel
 * change changes the digest, and a rebuild's bytes may differ from the card's.
 */
export function kernelVersion(): { backend: string; digest: string; description: string } {
  const getBackend = (qkv as Record<string, unknown>).getKernelBackend ?? kernelsModule?.getKernelBackend;
  const backend = typeof getBackend === "function" ? String((getBackend as () => unknown)()) : "js";
  const hash = createHash("sha256");
  for (const f of [...filesUnder(join(ROOT, "src", "tensor")), ...filesUnder(join(ROOT, "kernels"))]) {
    hash.update(f).update("\0").update(readFileSync(join(ROOT, f))).update("\0");
  }
  const digest = hash.digest("hex").slice(0, 16);
  const note = typeof getBackend === "function" ? "" : " (this checkout has no WebAssembly kernels: the plain-TypeScript loops of src/tensor)";
  return { backend, digest, description: `${backend} kernels, source digest ${digest} (sha256 of src/tensor/ and kernels/, first 16 hex digits)${note}` };
}

/** The git commit of the checkout, "+ local changes" when the tree differs from it. */
export function gitVersion(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "src", "scripts", "data", "kernels"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return dirty ? `${commit} + local changes` : commit;
  } catch {
    return "unknown (not a git checkout)";
  }
}

export function machineDescription(): string {
  const cpu = cpus();
  const load = loadavg()[0];
  return `${cpu[0]?.model ?? "unknown CPU"}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.versions.node} on ${process.platform}-${process.arch}; load average ${load.toFixed(1)} at the start (a shared machine runs slower)`;
}

// ---------------------------------------------------------------------------------------------
// Training with progress

/** train() with a progress bar (when ctx.showProgress) showing the loss; returns the history. */
export function trainWithProgress<B>(ctx: BuildContext, label: string, steps: number, options: Omit<TrainOptions<B>, "steps" | "onProgress">): TrainRecord[] {
  const bar = ctx.showProgress ? progress(steps, { label }) : null;
  const history = train<B>({
    ...options,
    steps,
    progressEvery: 1,
    onProgress: ({ record }) => bar?.update(record.step + 1, `loss ${record.loss.toFixed(3)}`),
  });
  bar?.finish();
  const last = history[history.length - 1];
  if (!Number.isFinite(last.loss)) throw new QkvError(`${label}: the loss became ${last.loss} at step ${last.step}; lower the learning rate`);
  ctx.log(`${label}: ${history.length} steps, loss ${history[0].loss.toFixed(3)} -> ${meanOfLast(history, 20).toFixed(3)} (mean of the last 20), ${(last.elapsedMs / 1000).toFixed(1)} s`);
  return history;
}

export function meanOfLast(history: readonly TrainRecord[], n: number): number {
  const tail = history.slice(-n);
  return tail.reduce((s, r) => s + r.loss, 0) / tail.length;
}

/** The mean of a scalar over chunks of a list (evaluation in batches without building one huge tensor). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function finiteOrThrow(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new QkvError(`${name} is ${value}`);
  return value;
}

export function pct(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)}%`;
}

export function table(header: string[], rows: (string | number)[][]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export function dataTensorValues(t: Tensor): number[] {
  return Array.from(t.data as ArrayLike<number>);
}

// ---------------------------------------------------------------------------------------------
// Building

export function rebuildCommand(name: string, size: RecipeSize): string {
  return `npm run zoo -- build ${name}${size === "tiny" ? " --size tiny" : ""}`;
}

function renderHyperParameters(h: Record<string, string | number | boolean>): string {
  return table(["hyper-parameter", "value"], Object.entries(h).map(([k, v]) => [k, `\`${String(v)}\``]));
}

/** Runs a recipe and writes <zooDir>/<name>/ (and the zoo's index when zooDir has one). */
export function buildModel(recipe: Recipe, ctx: BuildContext): BuildResult {
  for (const need of recipe.needs) {
    if (!existsSync(join(ctx.zooDir, need, "config.json"))) {
      throw new QkvError(`zoo build ${recipe.name}: it starts from ${need}, which is not in ${ctx.zooDir}; build it first: npm run zoo -- build ${need}${ctx.size === "tiny" ? " --size tiny" : ""}`);
    }
  }
  const machine = machineDescription();
  const kernels = kernelVersion();
  const git = gitVersion();
  const started = performance.now();
  ctx.log(`zoo build ${recipe.name} (${ctx.size}) on ${machine}`);
  const out = recipe.build(ctx);
  const seconds = (performance.now() - started) / 1000;
  const dir = join(ctx.zooDir, recipe.name);
  const parameters = out.model.numParameters();
  const how = [
    `- Rebuild: \`${rebuildCommand(recipe.name, ctx.size)}\` (from the repository root; seeded generators throughout, so the same`,
    "  command with the same kernels on the same machine writes the same model.safetensors, config.json and tokenizer",
    "  files; the sha256 below is what it must give).",
    `- Built in ${seconds.toFixed(0)} s (${(seconds / 60).toFixed(1)} min), data preparation and evaluation included, on ${machine}.`,
    `- Kernels: ${kernels.description}.`,
    `- Code: git ${git}.`,
    `- Parameters: ${parameters.toLocaleString("en-US")} (tied weights counted once).`,
  ].join("\n");
  const body = [
    ...out.sections.map(([title, text]) => `## ${title}\n\n${text.trim()}`),
    `## Hyper-parameters\n\n${renderHyperParameters(out.hyperParameters)}`,
    `## How it was built\n\n${how}`,
    `## Licence\n\n${licenceText(out.license)}`,
  ].join("\n\n");
  const card: ModelCard = { summary: out.summary, license: out.license, example: out.example, tags: out.tags, body };
  const files = savePretrained(dir, { model: out.model, tokenizer: out.tokenizer, ...(out.targetTokenizer ? { targetTokenizer: out.targetTokenizer } : {}), card });
  if (existsSync(join(ctx.zooDir, ZOO_README))) updateZooIndex(ctx.zooDir);
  ctx.log(`wrote ${dir}: ${files.map((f) => `${f.file} ${f.bytes} bytes`).join(", ")}; ${seconds.toFixed(1)} s`);
  return { name: recipe.name, dir, files, parameters, metrics: out.metrics, seconds };
}

function licenceText(license: string): string {
  return `The weights are released under ${license}. They were trained on data with its own terms, listed under "Training data" (see data/SOURCES.md): keep those notices and citations when you share the model.`;
}

/** The sha256 of a model folder's model.safetensors (a card names the exact model it started from). */
export function sha256OfWeights(dir: string): string {
  return sha256Of(join(dir, "model.safetensors"));
}
