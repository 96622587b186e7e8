/**
 * npm run bench: qkv's speed side by side with its peers, measured in one run with interleaved rounds
 * (A B C A B C …), so a machine whose speed drifts (shared cores, thermal limits) shifts every column
 * alike. Never run as a test: timings depend on the machine and its load. See bench/README.md.
 *
 *   1. float32 matmul, GFLOP/s: qkv (wasm kernels), qkv (js kernels), tfjs-wasm with SIMD, mathjs, at
 *      64³, 256³, 512³ and the products a training step of the GPT configs makes.
 *   2. GPT training tokens/s and peak RSS, tiny and small configs (bench/gpt-train.ts), against the same
 *      model in PyTorch + OpenBLAS (bench/gpt_train.py) when /usr/bin/python3 can import torch.
 *
 * Options: --only matmul|train, --rounds N (default 5 for matmul, 3 for training), --seconds S (per training run).
 */
import * as math from "mathjs";
import * as tf from "@tensorflow/tfjs-core";
import { setWasmPaths, setThreadsCount } from "@tensorflow/tfjs-backend-wasm";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { availableParallelism, cpus, loadavg } from "node:os";
import { Rng, randn, matmul, Tensor } from "qkv";
import { setKernelBackend } from "../src/tensor/kernels.js";
import { CONFIGS, type ConfigName } from "./gpt-train.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const only = option("only", "");
const MIN_RUN_MS = 100;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** CPU seconds per call of fn (process user + system time; wall-clock time swings with other processes' load). */
function secondsPerCall(fn: () => unknown): number {
  let calls = 0;
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  do {
    fn();
    calls++;
  } while (performance.now() - wallStart < MIN_RUN_MS);
  const used = process.cpuUsage(cpuStart);
  return (used.user + used.system) / 1e6 / calls;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

const ratio = (x: number) => `${x.toFixed(2)}×`;

console.log(`qkv bench: Node ${process.version}, ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);
console.log(`node flags: ${process.execArgv.join(" ") || "(none)"}; one thread everywhere; medians over interleaved rounds\n`);

// ---------------------------------------------------------------------------------------------
if (only === "" || only === "matmul") {
  const require = createRequire(import.meta.url);
  setWasmPaths(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm")) + "/");
  setThreadsCount(1);
  await tf.setBackend("wasm");
  await tf.ready();
  const rounds = Number(option("rounds", "5"));
  const rng = new Rng(0);
  const shapes: { label: string; batch: number; M: number; K: number; N: number; mathjs: boolean }[] = [
    { label: "64³", batch: 1, M: 64, K: 64, N: 64, mathjs: true },
    { label: "256³", batch: 1, M: 256, K: 256, N: 256, mathjs: true },
    { label: "512³", batch: 1, M: 512, K: 512, N: 512, mathjs: true },
  ];
  for (const name of ["tiny", "small"] as ConfigName[]) {
    const c = CONFIGS[name];
    const rows = c.batch * c.T;
    const C = c.nEmbd;
    shapes.push(
      { label: `${name} c_attn ${rows}×${C}×${3 * C}`, batch: 1, M: rows, K: C, N: 3 * C, mathjs: false },
      { label: `${name} mlp.c_fc ${rows}×${C}×${4 * C}`, batch: 1, M: rows, K: C, N: 4 * C, mathjs: false },
      { label: `${name} mlp.c_proj ${rows}×${4 * C}×${C}`, batch: 1, M: rows, K: 4 * C, N: C, mathjs: false },
      { label: `${name} q·kᵀ ${c.batch * c.nHead}×(${c.T}×${C / c.nHead}×${c.T})`, batch: c.batch * c.nHead, M: c.T, K: C / c.nHead, N: c.T, mathjs: false },
    );
  }
  const out: string[][] = [];
  for (const s of shapes) {
    const a = randn(s.batch === 1 ? [s.M, s.K] : [s.batch, s.M, s.K], rng);
    const b = randn(s.batch === 1 ? [s.K, s.N] : [s.batch, s.K, s.N], rng);
    const ta = tf.tensor(a.data as Float32Array, a.shape);
    const tb = tf.tensor(b.data as Float32Array, b.shape);
    const nested = (t: Tensor, r: number, c: number) => Array.from({ length: r }, (_, i) => Array.from(t.data.subarray(i * c, (i + 1) * c)));
    const ma = s.mathjs ? math.matrix(nested(a, s.M, s.K)) : null;
    const mb = s.mathjs ? math.matrix(nested(b, s.K, s.N)) : null;
    const runners: Record<string, () => unknown> = {
      qkv: () => { setKernelBackend("wasm"); return matmul(a, b); },
      "qkv js": () => { setKernelBackend("js"); return matmul(a, b); },
      tfjs: () => { const c = tf.matMul(ta, tb); const d = c.dataSync(); c.dispose(); return d; },
    };
    if (ma && mb) runners.mathjs = () => math.multiply(ma, mb);
    const names = Object.keys(runners);
    for (const n of names) for (let i = 0; i < 3; i++) runners[n](); // warm up
    const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) for (const n of names) times[n].push(secondsPerCall(runners[n]));
    setKernelBackend("wasm");
    const flops = 2 * s.batch * s.M * s.K * s.N;
    const g = (n: string) => (times[n] ? (flops / median(times[n]) / 1e9).toFixed(1) : "-");
    const pairRatio = median(times.tfjs.map((t, i) => t / times.qkv[i]));
    out.push([s.label, g("qkv"), g("qkv js"), g("tfjs"), g("mathjs"), ratio(pairRatio)]);
    ta.dispose();
    tb.dispose();
  }
  console.log(`float32 matmul, GFLOP/s (process CPU time, ${rounds} interleaved rounds of ≥ ${MIN_RUN_MS} ms each)`);
  console.log(table(["product", "qkv (wasm)", "qkv (js)", "tfjs-wasm SIMD", "mathjs", "qkv / tfjs"], out));
  console.log("");
}

// ---------------------------------------------------------------------------------------------
if (only === "" || only === "train") {
  const rounds = Number(option("rounds", "3"));
  const seconds = option("seconds", "6");
  const here = dirname(fileURLToPath(import.meta.url));
  const python = "/usr/bin/python3";
  const torchCheck = spawnSync(python, ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" });
  const haveTorch = torchCheck.status === 0;
  if (!haveTorch) {
    console.log("PyTorch: skipped (/usr/bin/python3 cannot import torch; on Debian: apt-get install -y --no-install-recommends python3-torch libopenblas0-pthread)\n");
  }
  const torchEnv: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1" };
  delete torchEnv.OPENBLAS_CORETYPE;
  delete torchEnv.OPENBLAS_L2_SIZE;
  const run = (cmd: string, argv: string[], env: NodeJS.ProcessEnv) => {
    const r = spawnSync(cmd, argv, { encoding: "utf8", env, cwd: dirname(here) });
    if (r.status !== 0) throw new Error(`bench: ${cmd} ${argv.join(" ")} failed:\n${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as { tokensPerSecond: number; peakRssMB: number; steps: number };
  };
  const out: string[][] = [];
  for (const name of ["tiny", "small"] as ConfigName[]) {
    const q: { tokensPerSecond: number; peakRssMB: number }[] = [];
    const t: { tokensPerSecond: number; peakRssMB: number }[] = [];
    for (let r = 0; r < rounds; r++) {
      q.push(run(process.execPath, [...process.execArgv, `${here}/gpt-train.ts`, name, seconds], { ...process.env, QKV_KERNELS: "wasm" }));
      if (haveTorch) t.push(run(python, [`${here}/gpt_train.py`, name, seconds], torchEnv));
    }
    const qt = median(q.map((x) => x.tokensPerSecond));
    const qm = median(q.map((x) => x.peakRssMB));
    const c = CONFIGS[name];
    const label = `${name} (${c.nLayer} layers, d ${c.nEmbd}, T ${c.T}, batch ${c.batch})`;
    if (haveTorch) {
      const tt = median(t.map((x) => x.tokensPerSecond));
      const tm = median(t.map((x) => x.peakRssMB));
      const pr = median(q.map((x, i) => x.tokensPerSecond / t[i].tokensPerSecond));
      out.push([label, qt.toFixed(0), tt.toFixed(0), ratio(pr), qm.toFixed(0), tm.toFixed(0), ratio(qm / tm)]);
    } else {
      out.push([label, qt.toFixed(0), "-", "-", qm.toFixed(0), "-", "-"]);
    }
  }
  console.log(`GPT training (AdamW, random tokens, vocab 65), median tokens/s of ${rounds} interleaved rounds of ${seconds} s per process; peak RSS per process`);
  console.log(`PyTorch: ${haveTorch ? torchCheck.stdout.trim() : "absent"}, OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)`);
  console.log(table(["config", "qkv tokens/s", "PyTorch tokens/s", "qkv / PyTorch", "qkv peak MB", "PyTorch peak MB", "memory qkv / PyTorch"], out));
}
