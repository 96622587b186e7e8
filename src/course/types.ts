// Types shared by the course tools: the parsed lesson (lesson.ts), the lesson runner (runner.ts),
// the display items that show() produces (viz/), and the lecture pages (page.ts, site.ts).

/** Front matter of lessons/NN-slug.md. */
export interface LessonMeta {
  /** Two-digit lesson number, from the file name: "04". */
  number: string;
  /** File name without extension: "04-self-attention". */
  slug: string;
  title: string;
  minutes: number;
  objectives: string[];
  /** Exercise ids graded for this lesson, e.g. ["04.1", "04.2"]. */
  exercises: string[];
}

/** One cell of a lesson: prose or code, with the line in the lesson file where it starts (1-based). */
export interface LessonCell {
  kind: "markdown" | "code";
  source: string;
  line: number;
  /** A code cell shown but never run (a ```ts show-only fence). */
  showOnly?: boolean;
  /**
   * A code cell that measures wall-clock time (a ```ts timed fence). It runs like any other cell, but
   * its outputs differ from run to run and machine to machine, so they are the one exception to "two
   * runs print the same bytes": the determinism checks skip them and the pages label them.
   */
  timed?: boolean;
  /** This cell starts a new slide in the lecture's slide mode. */
  slide?: boolean;
}

export interface Lesson {
  file: string;
  meta: LessonMeta;
  cells: LessonCell[];
}

// DisplayItem and PlotlyFigure are defined by viz (the layer below course) and re-exported here.
import type { DisplayItem, PlotlyFigure } from "../viz/types.js";
export type { DisplayItem, PlotlyFigure };

export interface CellRun {
  /** Index into Lesson.cells. */
  cellIndex: number;
  line: number;
  /** Wall time of the cell in milliseconds (0 for show-only and markdown cells). */
  ms: number;
  outputs: DisplayItem[];
  error?: { message: string; line: number };
  /** Not run because an earlier cell failed (a notebook stops at the first error too). */
  notRun?: boolean;
  /** What the cell wrote with console.error/warn (also in outputs); notebooks:execute fails on stderr. */
  stderr?: string;
}

export interface LessonRun {
  lesson: Lesson;
  cells: CellRun[];
  totalMs: number;
  ok: boolean;
}
