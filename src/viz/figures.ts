// Figure builders: each returns a plain Plotly spec (data + layout), JSON-serialisable, with no
// functions, so the same value can be shown in a notebook, captured by the lesson runner and drawn
// on a lecture page. Axis titles and labels are part of the spec; the look (fonts, size) is the page's.
import { QkvError } from "../tensor/index.js";
import type { PlotlyFigure } from "./types.js";
import { type TensorLike, isTensorLike, toMatrix, toVector } from "./tensor-like.js";
import { describeValue } from "../tensor/errors.js";

/** Options shared by every figure. */
export interface FigureOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
}

function baseLayout(opts: FigureOptions): Record<string, unknown> {
  const layout: Record<string, unknown> = { margin: { l: 60, r: 20, t: opts.title ? 50 : 20, b: 50 } };
  if (opts.title !== undefined) layout["title"] = { text: opts.title };
  layout["xaxis"] = opts.xTitle !== undefined ? { title: { text: opts.xTitle } } : {};
  layout["yaxis"] = opts.yTitle !== undefined ? { title: { text: opts.yTitle } } : {};
  return layout;
}

export interface HeatmapOptions extends FigureOptions {
  /** One label per column (the keys, for attention weights). Repeated labels are fine. */
  xLabels?: readonly string[];
  /** One label per row (the queries, for attention weights). */
  yLabels?: readonly string[];
  /** Write each value in its cell; default: on when the matrix has at most 12 rows and 12 columns. */
  showValues?: boolean;
  /** Fix the colour range, e.g. [0, 1] for probabilities; default: the data's range. */
  range?: [number, number];
  colorscale?: string;
}

/**
 * A heatmap of a (rows, cols) matrix, row 0 at the top as in the printed matrix. For attention weights
 * pass the (T_query, T_key) matrix with the tokens as yLabels and xLabels.
 * Labels become tick text over numeric positions, so a sentence with a repeated token ("the … the")
 * keeps one column per token instead of Plotly merging equal categories.
 */
export function heatmap(matrix: TensorLike | readonly (readonly number[])[], opts: HeatmapOptions = {}): PlotlyFigure {
  const z = toMatrix(matrix, "heatmap", "the matrix");
  const rows = z.length;
  const cols = rows > 0 ? z[0]!.length : 0;
  if (rows === 0 || cols === 0) throw new QkvError(`heatmap: the matrix is empty (${rows} x ${cols})`);
  if (opts.xLabels && opts.xLabels.length !== cols) {
    throw new QkvError(`heatmap: xLabels has ${opts.xLabels.length} entries but the matrix has ${cols} columns`);
  }
  if (opts.yLabels && opts.yLabels.length !== rows) {
    throw new QkvError(`heatmap: yLabels has ${opts.yLabels.length} entries but the matrix has ${rows} rows`);
  }
  const xs = Array.from({ length: cols }, (_, j) => j);
  const ys = Array.from({ length: rows }, (_, i) => i);
  const trace: Record<string, unknown> = {
    type: "heatmap",
    z,
    x: xs,
    y: ys,
    // White (0) to dark blue (max): a weight near zero reads as "not attended to".
    colorscale: opts.colorscale ?? [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
    hovertemplate: "%{customdata}<extra></extra>",
    customdata: z.map((row, i) =>
      row.map((v, j) => `${opts.yLabels?.[i] ?? `row ${i}`} → ${opts.xLabels?.[j] ?? `col ${j}`}: ${round(v, 4)}`),
    ),
  };
  if (opts.range) {
    trace["zmin"] = opts.range[0];
    trace["zmax"] = opts.range[1];
  }
  if (opts.showValues ?? (rows <= 12 && cols <= 12)) {
    trace["texttemplate"] = "%{z:.2f}";
    trace["textfont"] = { size: 11 };
  }
  const layout = baseLayout(opts);
  layout["xaxis"] = {
    ...(layout["xaxis"] as object),
    tickvals: xs,
    ticktext: opts.xLabels ? [...opts.xLabels] : xs.map(String),
    side: "top",
  };
  layout["yaxis"] = {
    ...(layout["yaxis"] as object),
    tickvals: ys,
    ticktext: opts.yLabels ? [...opts.yLabels] : ys.map(String),
    autorange: "reversed",
  };
  // The x axis sits on top, so its title and the figure's title share the top margin: the figure's
  // title goes to the very top and the margin grows by the axis title's line.
  layout["margin"] = { l: 80, r: 20, t: (opts.title ? 90 : 60) + (opts.xTitle ? 30 : 0), b: 20 };
  if (opts.title !== undefined && opts.xTitle !== undefined) {
    layout["title"] = { text: opts.title, y: 1, yref: "container", yanchor: "top", pad: { t: 12 } };
  }
  // Rows about 40 px high (the width follows the page), within what fits on a screen.
  layout["height"] = Math.min(640, Math.max(260, (opts.title ? 110 : 80) + (opts.xTitle ? 30 : 0) + 40 * rows));
  return { data: [trace], layout };
}

/** One curve: bare y values (x = 0, 1, 2, …), or named with optional x values. */
export type LineSeries = readonly number[] | TensorLike | { name?: string; x?: readonly number[]; y: readonly number[] | TensorLike };

export interface LineOptions extends FigureOptions {
  /** Log-scale y axis (loss curves over many steps). */
  logY?: boolean;
}

/** Line chart of one or more series, e.g. training and validation loss against the step. */
export function line(series: LineSeries | readonly LineSeries[], opts: LineOptions = {}): PlotlyFigure {
  const list: LineSeries[] = isSeriesList(series) ? [...series] : [series as LineSeries];
  if (list.length === 0) throw new QkvError("line: no series given");
  const data = list.map((s, k) => {
    const named = !Array.isArray(s) && !isTensorLike(s) ? (s as { name?: string; x?: readonly number[]; y: readonly number[] | TensorLike }) : null;
    const y = toVector(named ? named.y : (s as readonly number[] | TensorLike), "line", `series ${k}`);
    const x = named?.x ? [...named.x] : y.map((_, i) => i);
    if (x.length !== y.length) {
      throw new QkvError(`line: series ${named?.name ?? k} has ${x.length} x values but ${y.length} y values`);
    }
    const trace: Record<string, unknown> = { type: "scatter", mode: "lines", x, y };
    if (named?.name !== undefined) trace["name"] = named.name;
    return trace;
  });
  const layout = baseLayout(opts);
  if (opts.logY) layout["yaxis"] = { ...(layout["yaxis"] as object), type: "log" };
  layout["showlegend"] = data.some((t) => t["name"] !== undefined);
  return { data, layout };
}

function isSeriesList(s: LineSeries | readonly LineSeries[]): s is readonly LineSeries[] {
  if (!Array.isArray(s)) return false;
  return s.length > 0 && typeof s[0] !== "number";
}

export interface ScatterOptions extends FigureOptions {
  /** A group per point (a class, a part of speech): one colour and one legend entry per group. */
  groups?: readonly (string | number)[];
}

/**
 * Scatter plot of (N, 2) points, e.g. a 2-D PCA projection of word embeddings, with an optional
 * text label drawn beside each point (the word).
 */
export function scatter(
  points: TensorLike | readonly (readonly number[])[],
  labels?: readonly string[],
  opts: ScatterOptions = {},
): PlotlyFigure {
  const p = toMatrix(points, "scatter", "points");
  if (p.length > 0 && p[0]!.length !== 2) {
    throw new QkvError(`scatter: points must be (N, 2), got (${p.length}, ${p[0]!.length}); project first, e.g. with pca(x, 2)`);
  }
  if (labels && labels.length !== p.length) {
    throw new QkvError(`scatter: ${labels.length} labels for ${p.length} points`);
  }
  if (opts.groups && opts.groups.length !== p.length) {
    throw new QkvError(`scatter: ${opts.groups.length} groups for ${p.length} points`);
  }
  const groupNames = opts.groups ? [...new Set(opts.groups.map(String))] : [null];
  const data = groupNames.map((g) => {
    const idx = p.map((_, i) => i).filter((i) => g === null || String(opts.groups![i]) === g);
    const trace: Record<string, unknown> = {
      type: "scatter",
      mode: labels ? "markers+text" : "markers",
      x: idx.map((i) => p[i]![0]),
      y: idx.map((i) => p[i]![1]),
      marker: { size: 8 },
    };
    if (labels) {
      trace["text"] = idx.map((i) => labels[i]);
      trace["textposition"] = "top center";
    }
    if (g !== null) trace["name"] = g;
    return trace;
  });
  const layout = baseLayout(opts);
  layout["showlegend"] = opts.groups !== undefined;
  return { data, layout };
}

export interface BarOptions extends FigureOptions {
  /** Bars along the y axis, labels on the left: better for long labels such as tokens. */
  horizontal?: boolean;
}

/** Bar chart of values with one label per bar, e.g. next-token probabilities. */
export function bar(values: TensorLike | readonly number[], labels: readonly string[], opts: BarOptions = {}): PlotlyFigure {
  const v = toVector(values, "bar", "values");
  if (!Array.isArray(labels)) throw new QkvError(`bar: labels must be an array of strings (one per value), got ${describeValue(labels)}`);
  if (labels.length !== v.length) throw new QkvError(`bar: ${labels.length} labels for ${v.length} values`);
  // Numeric positions + tick text, for the same reason as in heatmap: repeated labels stay separate bars.
  const pos = v.map((_, i) => i);
  const trace: Record<string, unknown> = opts.horizontal
    ? { type: "bar", orientation: "h", x: v, y: pos, text: [...labels], hovertemplate: "%{text}: %{x}<extra></extra>", textposition: "none" }
    : { type: "bar", x: pos, y: v, text: [...labels], hovertemplate: "%{text}: %{y}<extra></extra>", textposition: "none" };
  const layout = baseLayout(opts);
  const ticks = { tickvals: pos, ticktext: [...labels] };
  if (opts.horizontal) layout["yaxis"] = { ...(layout["yaxis"] as object), ...ticks, autorange: "reversed" };
  else layout["xaxis"] = { ...(layout["xaxis"] as object), ...ticks };
  return { data: [trace], layout };
}

export function round(v: number, digits: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  return Number(v.toPrecision(digits));
}
