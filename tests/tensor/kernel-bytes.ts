/**
 * The sha256 of the bytes the wasm kernels produce for fixed inputs: gemm (plain, transposed reads,
 * fused bias), the fused attention (forward and gradients), layer norm, the tanh GELU and softmax.
 * kernel-bytes.test.ts pins it: wasm SIMD without relaxed instructions gives the same bytes on every
 * machine, so a different hash means the kernels (or their summation order) changed.
 */
import { createHash } from "node:crypto";
import { Rng, Tensor, randn, matmul, gelu, layerNorm, softmax } from "qkv";
import { linearOp } from "../../src/tensor/matmul.js";
import { scaledDotProductAttention } from "../../src/nn/attention.js";
import { setKernelBackend } from "../../src/tensor/kernels.js";

export function kernelBytesHash(): string {
  const previous = setKernelBackend("wasm");
  try {
    const rng = new Rng(99);
    const outs: Tensor[] = [];
    const a = randn([37, 29], rng), b = randn([29, 41], rng), w = randn([41, 29], rng), bias = randn([41], rng);
    outs.push(matmul(a, b), linearOp(a, w, bias), matmul(randn([3, 5, 29], rng), randn([3, 29, 6], rng)));
    const q = new Tensor(randn([2, 3, 9, 8], rng).data, [2, 3, 9, 8], true);
    const k = new Tensor(randn([2, 3, 9, 8], rng).data, [2, 3, 9, 8], true);
    const v = new Tensor(randn([2, 3, 9, 8], rng).data, [2, 3, 9, 8], true);
    const { output, weights } = scaledDotProductAttention(q, k, v, { causal: true });
    output.mul(output).sum().backward();
    outs.push(output, weights, q.grad!, k.grad!, v.grad!);
    const x = randn([6, 24], rng).mul(3);
    outs.push(layerNorm(x, [24], randn([24], rng), randn([24], rng)), gelu(x, "tanh"), softmax(x, -1));
    const hash = createHash("sha256");
    for (const t of outs) hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    return hash.digest("hex");
  } finally {
    setKernelBackend(previous);
  }
}

if (process.argv[1] && process.argv[1].endsWith("kernel-bytes.ts")) console.log(kernelBytesHash());
