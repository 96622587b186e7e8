/** Bad inputs to figures and displays (issue 19): data of the wrong rank is an error, not NaN in the figure. */

import { tensor, heatmap, bar, scatter, pca, line, table, markdown, html } from "qkv";
import { type BadInputCase, describeBadInputs } from "../bad-inputs-kit.js";

const any = <T>(v: unknown) => v as T;

const cases: BadInputCase[] = [
  ["heatmap of a 3-D nested array", () => heatmap(any([[[1]]])), /^heatmap: the matrix must be 2-D, but the matrix\[0\]\[0\] is an array \(one axis too many\)$/],
  ["heatmap of a 1-D array", () => heatmap(any([1, 2])), /^heatmap: the matrix must be 2-D \(an array of rows\), but row 0 is 1$/],
  ["heatmap of a 3-D tensor", () => heatmap(tensor([[[1]]])), /^heatmap: the matrix must be 2-D, got shape \(1,1,1\)$/],
  ["heatmap with a string entry", () => heatmap(any([[1, "a"]])), /^heatmap: the matrix\[0\]\[1\] must be a number, got "a"$/],
  ["bar of a 2-D array", () => bar(any([[1]]), ["a"]), /^bar: values must be 1-D, but values\[0\] is an array \(one axis too many\)$/],
  ["bar with labels as a string", () => bar([1], any("a")), /^bar: labels must be an array of strings \(one per value\), got "a"$/],
  ["scatter of a 1-D array", () => scatter(any([1, 2]), ["a", "b"]), /^scatter: points must be 2-D \(an array of rows\), but row 0 is 1$/],
  ["pca of a 1-D array", () => pca(any([1, 2])), /^pca: x must be 2-D \(an array of rows\), but row 0 is 1$/],
  ["line of a series with nested values", () => line({ y: any([[1], [2]]) }), /^line: series 0 must be 1-D, but series 0\[0\] is an array \(one axis too many\)$/],
  ["table with columns as a string", () => table(any("a"), []), /^table: columns must be an array of column names, got "a"$/],
  ["table with a row that is not an array", () => table(["a"], any([5])), /^table: row 0 must be an array of values, got 5$/],
  ["markdown of a number", () => markdown(any(5)), /^markdown: text must be a string, got 5$/],
  ["html of undefined", () => html(any(undefined)), /^html: source must be a string, got undefined$/],
];

describeBadInputs("viz", cases);
