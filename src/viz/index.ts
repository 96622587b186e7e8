// viz: plots and display. Figure builders return plain Plotly specs (data + layout); show() displays
// a figure, a tensor, markdown, HTML or any value in a tslab notebook, under the lesson runner
// (captured for the lecture page) or in a terminal; progress() draws a bar for long loops.
// Only what is listed here is public; the rest of src/viz is internal.
export type { DisplayItem, PlotlyFigure } from "./types.js";
export { heatmap, line, scatter, bar } from "./figures.js";
export type { FigureOptions, HeatmapOptions, LineOptions, LineSeries, ScatterOptions, BarOptions } from "./figures.js";
export { pca } from "./pca.js";
export { show, markdown, html, table } from "./show.js";
export type { Displayable } from "./show.js";
export { setDisplaySink } from "./environment.js";
export type { DisplaySink } from "./environment.js";
export { progress } from "./progress.js";
export type { Progress, ProgressOptions } from "./progress.js";
export { describeFigure } from "./describe.js";
export { attentionDiagram, multiHeadDiagram, encoderBlockDiagram, decoderBlockDiagram, encoderDecoderDiagram } from "./diagrams.js";
export type {
  Diagram,
  DiagramSize,
  AttentionDiagramOptions,
  MultiHeadDiagramOptions,
  EncoderBlockDiagramOptions,
  DecoderBlockDiagramOptions,
  EncoderDecoderDiagramOptions,
} from "./diagrams.js";
