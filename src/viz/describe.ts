// Plain-text forms of figures and tables: what a terminal prints and what a notebook keeps as
// text/plain beside the interactive HTML. They summarise the numbers a reader would look for.
import type { PlotlyFigure } from "./types.js";
import { round } from "./figures.js";

/** Numbers as they appear in text output: 4 significant digits, no float32 noise. */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-4 || a >= 1e6)) return v.toExponential(3);
  return String(round(v, 4));
}

/** A fixed-width text table: right-aligned numbers, left-aligned text. */
export function formatTable(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [columns.map(String), ...rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)))];
  const widths = columns.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? "").length)));
  const numeric = columns.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === "number"));
  const fmt = (r: readonly string[]) =>
    r.map((c, j) => (numeric[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join("  ").trimEnd();
  const lines = [fmt(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(fmt)];
  return lines.join("\n");
}

function titleOf(fig: PlotlyFigure): string | undefined {
  const t = fig.layout["title"];
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") return (t as { text: string }).text;
  return undefined;
}

function ticks(fig: PlotlyFigure, axis: "xaxis" | "yaxis"): string[] | undefined {
  const a = fig.layout[axis] as { ticktext?: unknown } | undefined;
  return Array.isArray(a?.ticktext) ? a!.ticktext.map(String) : undefined;
}

const BAR_WIDTH = 30;

/** A text description of a figure made by heatmap/line/scatter/bar (or any Plotly spec, briefly). */
export function describeFigure(fig: PlotlyFigure): string {
  const title = titleOf(fig);
  const out: string[] = [];
  for (const trace of fig.data) {
    const type = String(trace["type"] ?? "scatter");
    const name = trace["name"] !== undefined ? String(trace["name"]) : undefined;
    if (type === "heatmap" && Array.isArray(trace["z"])) {
      const z = trace["z"] as number[][];
      const xl = ticks(fig, "xaxis") ?? z[0]!.map((_, j) => String(j));
      const yl = ticks(fig, "yaxis") ?? z.map((_, i) => String(i));
      out.push(`heatmap ${z.length}x${z[0]!.length}${title ? `: ${title}` : ""}`);
      if (z.length <= 16 && z[0]!.length <= 16) {
        out.push(formatTable(["", ...xl], z.map((row, i) => [yl[i] ?? String(i), ...row.map((v) => round(v, 3))])));
      }
    } else if (type === "bar") {
      const horizontal = trace["orientation"] === "h";
      const values = (horizontal ? trace["x"] : trace["y"]) as number[];
      const labels = (trace["text"] as string[] | undefined) ?? values.map((_, i) => String(i));
      out.push(`bar chart, ${values.length} bars${title ? `: ${title}` : ""}`);
      const max = Math.max(...values.map(Math.abs), 1e-300);
      const lw = Math.max(...labels.map((l) => l.length));
      values.slice(0, 40).forEach((v, i) => {
        const n = Math.round((Math.abs(v) / max) * BAR_WIDTH);
        out.push(`${labels[i]!.padEnd(lw)}  ${"█".repeat(n)} ${formatNumber(v)}`);
      });
      if (values.length > 40) out.push(`… ${values.length - 40} more`);
    } else if (type === "scatter" && String(trace["mode"] ?? "").includes("lines")) {
      const y = trace["y"] as number[];
      const x = trace["x"] as number[];
      const finite = y.filter(Number.isFinite);
      const head = `line${name ? ` "${name}"` : ""}${title && out.length === 0 ? ` (${title})` : ""}: ${y.length} points`;
      if (y.length === 0) out.push(head);
      else {
        out.push(
          `${head}, x ${formatNumber(x[0]!)}..${formatNumber(x[x.length - 1]!)}, ` +
            `first ${formatNumber(y[0]!)}, last ${formatNumber(y[y.length - 1]!)}, ` +
            `min ${formatNumber(Math.min(...finite))}, max ${formatNumber(Math.max(...finite))}`,
        );
      }
    } else if (type === "scatter") {
      const x = trace["x"] as number[];
      const y = trace["y"] as number[];
      const text = trace["text"] as string[] | undefined;
      out.push(`scatter${name ? ` "${name}"` : ""}${title && out.length === 0 ? ` (${title})` : ""}: ${x.length} points`);
      const shown = Math.min(x.length, 20);
      for (let i = 0; i < shown; i++) {
        out.push(`  ${text ? `${text[i]}  ` : ""}(${formatNumber(x[i]!)}, ${formatNumber(y[i]!)})`);
      }
      if (x.length > shown) out.push(`  … ${x.length - shown} more`);
    } else {
      out.push(`${type} trace${name ? ` "${name}"` : ""}`);
    }
  }
  if (out.length === 0) out.push(`empty figure${title ? `: ${title}` : ""}`);
  return out.join("\n");
}
