// Display types: what show() produces and what the lesson runner captures for a lecture page.
// They live in viz (the lower layer) so the library never imports course/; src/course/types.ts re-exports them.

/** A plain Plotly spec: data traces + layout, no functions, JSON-serialisable. */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** What a cell displays. show() makes these; console output is captured as "text". */
export type DisplayItem =
  | { kind: "text"; text: string }
  | { kind: "markdown"; markdown: string }
  | { kind: "html"; html: string; /** What a terminal prints instead of the HTML source (e.g. a diagram's description). */ text?: string }
  | { kind: "plotly"; figure: PlotlyFigure; text: string }
  | { kind: "table"; columns: string[]; rows: (string | number)[][]; text: string };
