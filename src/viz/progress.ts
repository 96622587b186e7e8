// progress(total): a progress bar for long loops (training), drawn where the code runs:
// updated in place in a tslab notebook (a display handle), with \r on a terminal, as a few plain
// lines when stdout is not a terminal (CI logs), and as one final line under the lesson runner, so
// that captured outputs do not depend on timing.
import { QkvError } from "../tensor/index.js";
import { currentSink, kernelWriter } from "./environment.js";
import { escapeHtml } from "./show.js";

export interface ProgressOptions {
  /** What is being counted, e.g. "training". */
  label?: string;
}

export interface Progress {
  /** One more step done; `note` is shown beside the bar (e.g. "loss 2.31"). */
  tick(note?: string): void;
  /** `done` steps done in all. */
  update(done: number, note?: string): void;
  /** The loop ended (call once; later calls do nothing). */
  finish(note?: string): void;
}

/** Where a terminal bar writes; injectable for tests. */
export interface ProgressOutput {
  write(s: string): void;
  isTTY: boolean;
}

export interface ProgressInternals {
  out?: ProgressOutput;
  now?: () => number;
}

const BAR_WIDTH = 24;
let progressCounter = 0;
/** Minimum time between redraws: a bar redrawn on every step would cost more than the loop. */
const REDRAW_MS = 100;

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, "0")}s`;
}

/** "training  [██████░░░░]  60/100  1.2s, eta 0.8s  loss 2.31" */
export function progressLine(label: string, done: number, total: number, elapsedMs: number, note?: string): string {
  const frac = total > 0 ? Math.min(done / total, 1) : 1;
  const filled = Math.round(frac * BAR_WIDTH);
  const bar = "█".repeat(filled) + "░".repeat(BAR_WIDTH - filled);
  const secs = elapsedMs / 1000;
  const eta = done > 0 && done < total ? `, eta ${formatSeconds((secs / done) * (total - done))}` : "";
  return `${label ? label + "  " : ""}[${bar}]  ${done}/${total}  ${formatSeconds(secs)}${eta}${note ? "  " + note : ""}`;
}

/** A progress bar over `total` steps. */
export function progress(total: number, opts: ProgressOptions = {}, internals: ProgressInternals = {}): Progress {
  if (!Number.isInteger(total) || total < 0) throw new QkvError(`progress: total must be a non-negative integer, got ${total}`);
  const label = opts.label ?? "";
  const now = internals.now ?? (() => Date.now());
  const start = now();
  let done = 0;
  let lastNote: string | undefined;
  let finished = false;
  let lastDraw = -Infinity;
  let lastTenth = 0;
  let lastPrinted = -1;

  const sink = currentSink();
  const kernel = sink ? null : kernelWriter();
  const out: ProgressOutput = internals.out ?? { write: (s) => process.stdout.write(s), isTTY: Boolean(process.stdout.isTTY) };
  const displayId = `qkv-progress-${process.pid.toString(36)}-${start.toString(36)}-${++progressCounter}`;
  let kernelShown = false;

  function draw(final: boolean): void {
    const t = now();
    const line = progressLine(label, done, total, t - start, lastNote);
    if (sink) {
      // Only the end, without times: the runner's captured outputs must be the same on every run.
      if (final) sink({ kind: "text", text: `${label ? label + ": " : ""}${done}/${total} done${lastNote ? "  " + lastNote : ""}` });
      return;
    }
    const throttled = !final && t - lastDraw < REDRAW_MS;
    if (kernel) {
      if (throttled) return;
      lastDraw = t;
      const frac = total > 0 ? Math.min(done / total, 1) : 1;
      const html =
        `<div style="font-family:monospace;font-size:13px">${escapeHtml(label)} ` +
        `<progress value="${frac}" max="1" style="width:240px;vertical-align:middle"></progress> ` +
        `${escapeHtml(line.slice(line.indexOf("]") + 1).trim())}</div>`;
      kernel.write({ "text/html": html, "text/plain": line }, displayId, kernelShown);
      kernelShown = true;
      return;
    }
    if (out.isTTY) {
      if (throttled) return;
      lastDraw = t;
      out.write(`\r${line}\x1b[K${final ? "\n" : ""}`);
      return;
    }
    // Not a terminal: a line at each tenth, so a CI log shows movement without flooding.
    const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (tenth > lastTenth || (final && done !== lastPrinted)) {
      lastTenth = tenth;
      lastPrinted = done;
      out.write(line + "\n");
    }
  }

  return {
    tick(note) {
      this.update(done + 1, note);
    },
    update(n, note) {
      if (finished) return;
      done = Math.min(Math.max(0, n), total);
      if (note !== undefined) lastNote = note;
      draw(false);
    },
    finish(note) {
      if (finished) return;
      finished = true;
      if (note !== undefined) lastNote = note;
      draw(true);
    },
  };
}

