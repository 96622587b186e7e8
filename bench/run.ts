/**
 * npm run bench: float32 matmul speed of qkv against mathjs's multiply, measured in the same run.
 * Prints GFLOP/s (2·M·K·N floating-point operations per product), medians of several timed runs,
 * for 64³, 128³, 256³, 512³, 128×64×128 and an attention-shaped batched product.
 * Never run as a test: timings depend on the machine and its load.
 */
import * as math from "mathjs";
import { availableParallelism, loadavg } from "node:os";
import { Rng, randn, matmul, transpose, Tensor } from "qkv";

const RUNS = 7;
/** Each timed run repeats the product until at least this long has passed, for stable timings. */
const MIN_RUN_MS = 60;

const WARM_UP_MS = 300;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median seconds per call of `fn`, measured two ways: process CPU time (user + system, all threads)
 * and wall-clock time. On an idle machine they agree (CPU time is a little higher when garbage
 * collection runs on helper threads, as it does for mathjs). On a busy machine, with other processes
 * competing for the cores, wall-clock timings swing by 2-5x while CPU time stays near the real cost.
 */
function timePerCall(fn: () => unknown): { cpu: number; wall: number } {
  // Warm up for a fixed time, not a fixed number of calls: V8 compiles a hot loop with its optimizing
  // tier only after enough iterations, and two calls of a small product are far from enough.
  for (const start = performance.now(); performance.now() - start < WARM_UP_MS; ) fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let calls = 0;
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - wallStart;
    } while (elapsed < MIN_RUN_MS);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1e6 / calls);
    wall.push(elapsed / 1e3 / calls);
  }
  return { cpu: median(cpu), wall: median(wall) };
}

function toNested(t: Tensor, rows: number, cols: number, offset = 0): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(t.data.subarray(offset + i * cols, offset + (i + 1) * cols)));
  return out;
}

interface Row {
  label: string;
  flops: number;
  qkv: { cpu: number; wall: number };
  mathjs: { cpu: number; wall: number };
}

const rng = new Rng(0);
const rows: Row[] = [];

for (const [M, K, N] of [[64, 64, 64], [128, 128, 128], [256, 256, 256], [512, 512, 512], [128, 64, 128]]) {
  const a = randn([M, K], rng);
  const b = randn([K, N], rng);
  const ma = math.matrix(toNested(a, M, K));
  const mb = math.matrix(toNested(b, K, N));
  const flops = 2 * M * K * N;
  rows.push({
    label: M === K && K === N ? `${M}³` : `${M}×${K}×${N}`,
    flops,
    qkv: timePerCall(() => matmul(a, b)),
    mathjs: timePerCall(() => math.multiply(ma, mb)),
  });
}

// Attention scores: q (B, nh, T, hs) x kᵀ (B, nh, hs, T) -> (B, nh, T, T). K is transposed once
// (one copy), then the same blocked kernel runs once per (batch, head).
{
  const [B, nh, T, hs] = [4, 4, 64, 16];
  const q = randn([B, nh, T, hs], rng);
  const k = randn([B, nh, T, hs], rng);
  const flops = 2 * B * nh * T * hs * T;
  const qs = Array.from({ length: B * nh }, (_, i) => math.matrix(toNested(q, T, hs, i * T * hs)));
  const kts = Array.from({ length: B * nh }, (_, i) => math.transpose(math.matrix(toNested(k, T, hs, i * T * hs))));
  rows.push({
    label: `q·kᵀ (${B},${nh},${T},${hs})`,
    flops,
    qkv: timePerCall(() => matmul(q, transpose(k))),
    mathjs: timePerCall(() => qs.map((m, i) => math.multiply(m, kts[i]))),
  });
}

const gflops = (flops: number, seconds: number) => (flops / seconds / 1e9).toFixed(2);
const header = ["size", "qkv GFLOP/s", "mathjs GFLOP/s", "ratio", "qkv (wall)", "mathjs (wall)", "ratio (wall)"];
const table = rows.map((r) => [
  r.label,
  gflops(r.flops, r.qkv.cpu),
  gflops(r.flops, r.mathjs.cpu),
  `${(r.mathjs.cpu / r.qkv.cpu).toFixed(1)}×`,
  gflops(r.flops, r.qkv.wall),
  gflops(r.flops, r.mathjs.wall),
  `${(r.mathjs.wall / r.qkv.wall).toFixed(1)}×`,
]);
const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
console.log(`float32 matmul, Node ${process.version}, 1 thread, medians of ${RUNS} runs (each ≥ ${MIN_RUN_MS} ms)`);
console.log(`GFLOP/s from process CPU time, then from wall-clock time (see timePerCall)`);
console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(", ")} (on ${availableParallelism()} cores)`);
console.log(line(header));
console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
for (const row of table) console.log(line(row));
