// Where displays go. Three places, checked in this order:
//   1. a display sink set with setDisplaySink (the lesson runner captures DisplayItems for the page);
//   2. the tslab Jupyter kernel (display_data messages with HTML + text/plain);
//   3. a plain terminal (text on stdout).
import { readFileSync } from "node:fs";
import { QkvError } from "../tensor/index.js";
import { createRequire } from "node:module";
import type { DisplayItem } from "./types.js";

export type DisplaySink = (item: DisplayItem) => void;

let sink: DisplaySink | null = null;

/**
 * Sends everything show() and progress() produce to `fn` instead of the notebook or the terminal
 * (the lesson runner uses this to capture outputs). Pass null to stop. Returns the previous sink.
 */
export function setDisplaySink(fn: DisplaySink | null): DisplaySink | null {
  const previous = sink;
  sink = fn;
  return previous;
}

export function currentSink(): DisplaySink | null {
  return sink;
}

/** A MIME bundle to the notebook front end; `displayId` + `update` rewrite an earlier display in place. */
export interface KernelWriter {
  write(bundle: Record<string, string>, displayId?: string, update?: boolean): void;
}

interface TslabGlobal {
  __tslab__?: { require?: (id: string) => unknown };
}

interface TslabJupyterModule {
  lastWriteDisplayData?: ((data: unknown, update: boolean) => void) | null;
}

interface TslabPublicModule {
  display: { html(s: string): void; text(s: string): void; markdown(s: string): void };
  newDisplay(): { html(s: string): void };
}

let writerOverride: KernelWriter | null | undefined;

/** Tests only: pretend to be (a KernelWriter) or not to be (null) inside a kernel; undefined = detect. */
export function setKernelWriterForTests(w: KernelWriter | null | undefined): void {
  writerOverride = w;
}

/**
 * The kernel writer when this code runs inside a tslab kernel, else null. tslab sets
 * globalThis.__tslab__ (with the cells' `require`) before running any cell, so its presence is the signal.
 * A full MIME bundle (HTML and text/plain in one message) needs tslab's internal writer; when that is not
 * reachable (another tslab version) we fall back to the public one-MIME-type display API.
 */
export function kernelWriter(): KernelWriter | null {
  if (writerOverride !== undefined) return writerOverride;
  const req = (globalThis as TslabGlobal).__tslab__?.require;
  if (typeof req !== "function") return null;
  let jupyter: TslabJupyterModule | null = null;
  try {
    jupyter = req("tslab/dist/jupyter.js") as TslabJupyterModule;
  } catch {
    jupyter = null;
  }
  let publicApi: TslabPublicModule | null = null;
  try {
    publicApi = req("tslab") as TslabPublicModule;
  } catch {
    publicApi = null;
  }
  if (!jupyter && !publicApi) return null;
  const handles = new Map<string, { html(s: string): void }>();
  return {
    write(bundle, displayId, update = false) {
      const direct = jupyter?.lastWriteDisplayData;
      if (typeof direct === "function") {
        const msg: Record<string, unknown> = { data: bundle, metadata: {} };
        if (displayId !== undefined) msg["transient"] = { display_id: displayId };
        direct(msg, update);
        return;
      }
      if (!publicApi) throw new QkvError("show: tslab's display API is not available in this kernel");
      const html = bundle["text/html"];
      if (displayId !== undefined && html !== undefined) {
        let h = handles.get(displayId);
        if (!h) handles.set(displayId, (h = publicApi.newDisplay()));
        h.html(html);
      } else if (html !== undefined) publicApi.display.html(html);
      else if (bundle["text/markdown"] !== undefined) publicApi.display.markdown(bundle["text/markdown"]);
      else publicApi.display.text(bundle["text/plain"] ?? "");
    },
  };
}

let plotlySource: string | null = null;

/** The minified plotly.js bundle shipped by the npm package plotly.js-dist-min (read once). */
export function plotlyScript(): string {
  if (plotlySource === null) {
    const file = createRequire(import.meta.url).resolve("plotly.js-dist-min/plotly.min.js");
    plotlySource = readFileSync(file, "utf8");
  }
  return plotlySource;
}

const PLOTLY_SENT = Symbol.for("qkv.viz.plotlySentToKernel");

/**
 * True the first time it is called in this process (kernel session), then false: the first figure
 * carries plotly.js inline and later figures reuse window.Plotly. Kept on globalThis so two copies of
 * this module (package name and deep path) still send the script once.
 */
export function claimPlotlyLoad(): boolean {
  const g = globalThis as Record<symbol, unknown>;
  if (g[PLOTLY_SENT]) return false;
  g[PLOTLY_SENT] = true;
  return true;
}

/** Tests only: forget that plotly.js was sent. */
export function resetPlotlyLoadForTests(): void {
  delete (globalThis as Record<symbol, unknown>)[PLOTLY_SENT];
}
