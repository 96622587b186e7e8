/** Where the shipped data sets live: data/ at the root of this checkout (see data/SOURCES.md). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { QkvError } from "../tensor/errors.js";

export const DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

/** Absolute path of a file under data/, e.g. dataPath("corpus/moby-dick.txt"). */
export function dataPath(relative: string): string {
  return join(DATA_DIR, relative);
}

/** Reads a data file as UTF-8; a missing file names the file and the command that rebuilds data/. */
export function readDataFile(relative: string, op: string): string {
  const path = dataPath(relative);
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new QkvError(`${op}: cannot read ${path} (${(e as Error).message}); rebuild data/ with \`npm run data\``);
  }
}

/** A data file's lines, without the empty string after the final newline. */
export function readDataLines(relative: string, op: string): string[] {
  const lines = readDataFile(relative, op).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
