/**
 * toString(): shape and values as text, NumPy-style. Large tensors (more than 1000 elements) show
 * the first and last 3 entries of each long axis with "..." between.
 *
 *   tensor([[ 1.0000, -0.5000],
 *           [ 0.2500,  2.0000]], shape=(2,2), dtype=float32)
 */
import type { Tensor } from "./tensor.js";
import { formatShape } from "./errors.js";

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** Which indices of an axis of length n are printed (null marks the "..." gap). */
function shownIndices(n: number, summarize: boolean): (number | null)[] {
  if (!summarize || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, null, ...tail];
}

/** Visits the printed elements in order. */
function visitShown(t: Tensor, summarize: boolean, visit: (value: number) => void): void {
  const walk = (axis: number, offset: number, stride: number): void => {
    if (axis === t.ndim) return visit(t.data[offset]);
    const inner = stride / t.shape[axis];
    for (const i of shownIndices(t.shape[axis], summarize)) if (i !== null) walk(axis + 1, offset + i * inner, inner);
  };
  walk(0, 0, t.size);
}

/** One formatter for all printed numbers, so that columns line up. */
function numberFormatter(t: Tensor, summarize: boolean): (v: number) => string {
  if (t.dtype === "bool") return (v) => (v ? "true" : "false");
  if (t.dtype === "int32") return (v) => String(v);
  let maxAbs = 0;
  let minAbs = Infinity;
  visitShown(t, summarize, (v) => {
    if (!Number.isFinite(v)) return;
    const a = Math.abs(v);
    maxAbs = Math.max(maxAbs, a);
    if (a > 0) minAbs = Math.min(minAbs, a);
  });
  const scientific = maxAbs >= 1e6 || (minAbs < 1e-4 && minAbs !== Infinity);
  return (v) => {
    if (Number.isNaN(v)) return "NaN";
    if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
    return scientific ? v.toExponential(4) : v.toFixed(4);
  };
}

export function formatTensor(t: Tensor): string {
  const summarize = t.size > SUMMARY_THRESHOLD;
  const format = numberFormatter(t, summarize);
  let width = 0;
  visitShown(t, summarize, (v) => (width = Math.max(width, format(v).length)));
  const pad = (s: string) => s.padStart(width);
  const prefix = "tensor(";
  const build = (axis: number, offset: number, stride: number): string => {
    if (axis === t.ndim) return pad(format(t.data[offset]));
    const inner = stride / t.shape[axis];
    const parts = shownIndices(t.shape[axis], summarize).map((i) =>
      i === null ? "..." : build(axis + 1, offset + i * inner, inner),
    );
    if (axis === t.ndim - 1) return `[${parts.join(", ")}]`;
    // Deeper axes are separated by newlines (one blank line per extra level, as NumPy does).
    const indent = " ".repeat(prefix.length + axis + 1);
    const separator = "," + "\n".repeat(t.ndim - axis - 1) + indent;
    return `[${parts.join(separator)}]`;
  };
  const extras = [`shape=${formatShape(t.shape)}`, `dtype=${t.dtype}`];
  if (t.requiresGrad) extras.push("requiresGrad=true");
  return `${prefix}${build(0, 0, t.size)}, ${extras.join(", ")})`;
}
