/**
 * npm run bench: float32 matmul speed of qkv against mathjs's multiply, measured in the same run.
 * Prints GFLOP/s (2·M·K·N floating-point operations per product), medians of several timed runs,
 * for 64³, 128³, 256³, 512³, 128×64×128 and an attention-shaped batched product.
 * Never run as a test: timings depend on the machine and its load.
 */
import * as math from "mathjs";
import { loadavg } from "node:os";
import { Rng, randn, matmul, transpose, Tensor } from "qkv";

const RUNS = 7;
/** Each timed run repeats the product until at least this long has passed, for stable timings. */
const MIN_RUN_MS = 60;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median seconds per call of `fn`. */
function timePerCall(fn: () => unknown): number {
  fn(); // warm up (JIT)
  fn();
  const perCall: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      fn();
      calls++;
      elapsed = performance.now() - start;
    } while (elapsed < MIN_RUN_MS);
    perCall.push(elapsed / 1000 / calls);
  }
  return median(perCall);
}

function toNested(t: Tensor, rows: number, cols: number, offset = 0): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(t.data.subarray(offset + i * cols, offset + (i + 1) * cols)));
  return out;
}

interface Row {
  label: string;
  flops: number;
  qkv: number;
  mathjs: number;
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
    qkv: flops / timePerCall(() => matmul(a, b)) / 1e9,
    mathjs: flops / timePerCall(() => math.multiply(ma, mb)) / 1e9,
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
    qkv: flops / timePerCall(() => matmul(q, transpose(k))) / 1e9,
    mathjs: flops / timePerCall(() => qs.map((m, i) => math.multiply(m, kts[i]))) / 1e9,
  });
}

const header = ["size", "qkv GFLOP/s", "mathjs GFLOP/s", "ratio"];
const table = rows.map((r) => [r.label, r.qkv.toFixed(2), r.mathjs.toFixed(2), `${(r.qkv / r.mathjs).toFixed(1)}×`]);
const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c].length)));
const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
console.log(`float32 matmul, Node ${process.version}, medians of ${RUNS} runs (each ≥ ${MIN_RUN_MS} ms)`);
// Wall-clock timings: on a busy machine both columns slow down; the ratio is the stable figure.
console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(", ")}`);
console.log(line(header));
console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`);
for (const row of table) console.log(line(row));
