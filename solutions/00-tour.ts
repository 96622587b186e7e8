// Lesson 00 — reference answers. Same exports as exercises/00-tour.ts; the graders check them too
// (`npm run grade -- --solutions 00`). One answer uses plain loops, the others the tensor API.
import { Tensor, tensor } from "qkv";

/** 00.1 — a·b = Σᵢ aᵢ bᵢ for two 1-D tensors of the same length; a plain number. */
export function dot(a: Tensor, b: Tensor): number {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new Error(`dot: expected two 1-D tensors, got shapes (${a.shape.join(",")}) and (${b.shape.join(",")})`);
  }
  if (a.size !== b.size) {
    throw new Error(`dot: lengths ${a.size} and ${b.size} differ; the dot product needs vectors of the same length`);
  }
  let sum = 0;
  for (let i = 0; i < a.size; i++) sum += a.data[i] * b.data[i];
  return sum;
}

/** 00.2 — exp(x - max x) / Σ exp(x - max x); an all -Infinity input gives zeros. Shape (n) -> (n). */
export function softmax(x: Tensor): Tensor {
  const max = x.max().item();
  // Every position masked out: no distribution exists; zeros (not NaN) let later sums stay finite.
  if (max === -Infinity) return tensor(new Float32Array(x.size), { shape: [...x.shape] });
  const exps = x.sub(max).exp();
  return exps.div(exps.sum());
}

/** 00.3 — a·b / (‖a‖ ‖b‖); 0 when either vector is zero. A plain number. */
export function cosineSimilarity(a: Tensor, b: Tensor): number {
  const normA = Math.sqrt(dot(a, a));
  const normB = Math.sqrt(dot(b, b));
  if (normA === 0 || normB === 0) return 0;
  return dot(a, b) / (normA * normB);
}
