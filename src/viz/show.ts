// show(x): one call that displays a figure, a tensor, markdown, HTML or any value, in whichever
// place the code runs (see environment.ts).
import { QkvError } from "../tensor/index.js";
import { inspect } from "node:util";
import type { DisplayItem, PlotlyFigure } from "./types.js";
import { type TensorLike, isTensorLike } from "./tensor-like.js";
import { describeFigure, formatTable } from "./describe.js";
import { round } from "./figures.js";
import { claimPlotlyLoad, currentSink, kernelWriter, plotlyScript } from "./environment.js";
import { describeValue } from "../tensor/errors.js";

const DISPLAYABLE = Symbol.for("qkv.viz.displayable");

/** A value made by markdown(), html() or table(): show() displays it as that kind. */
export interface Displayable {
  readonly [DISPLAYABLE]: DisplayItem;
}

function displayable(item: DisplayItem): Displayable {
  return { [DISPLAYABLE]: item };
}

/** Internal (not in index.ts): lets other viz builders (diagrams) make values show() displays. */
export function displayableItem(item: DisplayItem): Displayable {
  return displayable(item);
}

function isDisplayable(x: unknown): x is Displayable {
  return typeof x === "object" && x !== null && DISPLAYABLE in x;
}

/** Marks text as markdown for show(): rendered in notebooks and on lecture pages, printed as is in a terminal. */
export function markdown(text: string): Displayable {
  if (typeof text !== "string") throw new QkvError(`markdown: text must be a string, got ${describeValue(text)}`);
  return displayable({ kind: "markdown", markdown: text });
}

/** Marks text as HTML for show(); a terminal prints the HTML source. */
export function html(source: string): Displayable {
  if (typeof source !== "string") throw new QkvError(`html: source must be a string, got ${describeValue(source)}`);
  return displayable({ kind: "html", html: source });
}

/** A table for show(): rows of values under named columns (e.g. a comparison of models). */
export function table(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): Displayable {
  if (!Array.isArray(columns)) throw new QkvError(`table: columns must be an array of column names, got ${describeValue(columns)}`);
  if (!Array.isArray(rows)) throw new QkvError(`table: rows must be an array of rows (arrays of values), got ${describeValue(rows)}`);
  rows.forEach((r, i) => {
    if (!Array.isArray(r)) throw new QkvError(`table: row ${i} must be an array of values, got ${describeValue(r)}`);
  });
  rows.forEach((r, i) => {
    if (r.length !== columns.length) {
      throw new QkvError(`table: row ${i} has ${r.length} values but there are ${columns.length} columns`);
    }
  });
  const cols = [...columns];
  const body = rows.map((r) => [...r]);
  return displayable({ kind: "table", columns: cols, rows: body, text: formatTable(cols, body) });
}

function isPlotlyFigure(x: unknown): x is PlotlyFigure {
  if (typeof x !== "object" || x === null) return false;
  const f = x as { data?: unknown; layout?: unknown };
  return Array.isArray(f.data) && typeof f.layout === "object" && f.layout !== null && !Array.isArray(f.layout);
}

/** Tensors up to this size become tables; larger ones print in the tensor's own truncated form. */
const TABLE_MAX_ROWS = 32;
const TABLE_MAX_COLS = 16;

function tensorItem(t: TensorLike): DisplayItem {
  const shape = t.shape;
  const header = `Tensor (${shape.join(", ")}) ${t.dtype}`;
  const value = (i: number): number => {
    const v = Number(t.data[i]);
    return t.dtype === "float32" ? round(v, 6) : v;
  };
  const fits =
    (shape.length === 1 && shape[0]! <= TABLE_MAX_COLS) ||
    (shape.length === 2 && shape[0]! <= TABLE_MAX_ROWS && shape[1]! <= TABLE_MAX_COLS);
  if (fits && shape.length === 1) {
    const columns = Array.from({ length: shape[0]! }, (_, j) => String(j));
    const rows = [columns.map((_, j) => value(j))];
    return { kind: "table", columns, rows, text: `${header}\n${formatTable(columns, rows)}` };
  }
  if (fits && shape.length === 2) {
    const [r, c] = shape as [number, number];
    const columns = ["", ...Array.from({ length: c }, (_, j) => String(j))];
    const rows = Array.from({ length: r }, (_, i) => [String(i), ...Array.from({ length: c }, (_, j) => value(i * c + j))]);
    return { kind: "table", columns, rows, text: `${header}\n${formatTable(columns, rows)}` };
  }
  const own = (t as { toString(): string }).toString();
  return { kind: "text", text: own.startsWith("[object") ? `${header}\n${inspect(Array.from(t.data))}` : own };
}

/** The DisplayItem that show(x) displays. */
function toDisplayItem(x: unknown): DisplayItem {
  if (isDisplayable(x)) return x[DISPLAYABLE];
  if (isPlotlyFigure(x)) return { kind: "plotly", figure: x, text: describeFigure(x) };
  if (isTensorLike(x)) return tensorItem(x);
  if (typeof x === "string") return { kind: "text", text: x };
  return { kind: "text", text: inspect(x, { depth: 4, breakLength: 100 }) };
}

/**
 * Displays x: a Plotly figure (from heatmap, line, scatter, bar), a tensor (as a table when small),
 * markdown(...), html(...), table(...), or any other value (as text). In a tslab notebook it draws;
 * under the lesson runner it is captured for the lecture page; in a terminal it prints text.
 */
export function show(x: unknown): void {
  const item = toDisplayItem(x);
  const sink = currentSink();
  if (sink) {
    sink(item);
    return;
  }
  const kernel = kernelWriter();
  if (kernel) {
    kernel.write(notebookBundle(item));
    return;
  }
  console.log(itemText(item));
}

/** The plain-text form of an item (what a terminal prints). */
function itemText(item: DisplayItem): string {
  switch (item.kind) {
    case "text":
      return item.text;
    case "markdown":
      return item.markdown;
    case "html":
      return item.text ?? item.html;
    case "plotly":
    case "table":
      return item.text;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON that is safe inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function tableHtml(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (c: string | number, tag: "td" | "th") =>
    `<${tag}${typeof c === "number" ? ' style="text-align:right"' : ""}>${escapeHtml(typeof c === "number" ? String(round(c, 6)) : c)}</${tag}>`;
  return (
    `<table class="qkv-table"><thead><tr>${columns.map((c) => cell(c, "th")).join("")}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell(c, "td")).join("")}</tr>`).join("")}</tbody></table>`
  );
}

let figureCounter = 0;
// Ids must differ between kernel sessions: outputs of an earlier session stay in the saved notebook.
const sessionTag = `${process.pid.toString(36)}${Date.now().toString(36)}`;

/**
 * HTML for a figure in a notebook output. The first figure of the kernel session inlines plotly.js
 * (offline, from node_modules); every figure waits briefly for window.Plotly so output order in the
 * front end does not matter, and says what to do if plotly.js never arrives (its output was cleared).
 */
function notebookFigureHtml(fig: PlotlyFigure, includePlotly: boolean): string {
  const id = `qkv-fig-${sessionTag}-${++figureCounter}`;
  const height = typeof fig.layout["height"] === "number" ? (fig.layout["height"] as number) : 420;
  const loader = includePlotly ? `<script type="text/javascript">${plotlyScript()}</script>\n` : "";
  return (
    loader +
    `<div id="${id}" style="width:100%;max-width:820px;height:${height}px"></div>\n` +
    `<script type="text/javascript">(function () {\n` +
    `  var spec = ${scriptJson(fig)};\n` +
    `  var el = document.getElementById(${JSON.stringify(id)});\n` +
    `  function draw(attempt) {\n` +
    `    if (window.Plotly) { window.Plotly.newPlot(el, spec.data, spec.layout, { responsive: true, displaylogo: false }); }\n` +
    `    else if (attempt < 100) { setTimeout(function () { draw(attempt + 1); }, 50); }\n` +
    `    else { el.textContent = "plotly.js is not loaded in this page (the output that carried it was cleared): restart the kernel and run the cells again."; }\n` +
    `  }\n` +
    `  draw(0);\n` +
    `})();</script>`
  );
}

/** The MIME bundle a notebook receives for an item: rich form + text/plain. */
function notebookBundle(item: DisplayItem): Record<string, string> {
  const text = itemText(item);
  switch (item.kind) {
    case "plotly":
      return { "text/html": notebookFigureHtml(item.figure, claimPlotlyLoad()), "text/plain": text };
    case "table":
      return { "text/html": tableHtml(item.columns, item.rows), "text/plain": text };
    case "markdown":
      return { "text/markdown": item.markdown, "text/plain": text };
    case "html":
      return { "text/html": item.html, "text/plain": text };
    case "text":
      return { "text/plain": text };
  }
}
