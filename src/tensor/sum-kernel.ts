/**
 * The summing loop behind sum() and behind unbroadcast() (gradients of broadcast inputs), kept apart
 * from both ops so that they share one kernel, and give the same bits, without importing each other.
 */
import { splitAtAxis } from "./shape.js";

/**
 * Sums `src` (of `shape`) over one axis, keeping it with size 1. Accumulates in float64, so long
 * float32 sums lose no precision before the final rounding.
 */
function sumOneAxis(src: ArrayLike<number>, shape: number[], axis: number): { data: Float64Array; shape: number[] } {
  const { outer, n, inner } = splitAtAxis(shape, axis);
  const data = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const from = (o * n + j) * inner;
      const to = o * inner;
      for (let i = 0; i < inner; i++) data[to + i] += src[from + i];
    }
  }
  const reduced = [...shape];
  reduced[axis] = 1;
  return { data, shape: reduced };
}

/** `src` (of `shape`) summed over `axes` (sorted, distinct), one axis after the other, in float64. */
export function sumOverAxes(src: ArrayLike<number>, shape: readonly number[], axes: readonly number[]): ArrayLike<number> {
  let partial: { data: ArrayLike<number>; shape: number[] } = { data: src, shape: [...shape] };
  for (const a of axes) partial = sumOneAxis(partial.data, partial.shape, a);
  return partial.data;
}
