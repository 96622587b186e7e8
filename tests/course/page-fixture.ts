// A lesson run built by hand: every kind of cell, output and slide boundary a lecture page must handle.
import { heatmap, line } from "../../src/viz/index.js";
import type { LessonRun } from "../../src/course/types.js";

export const attention = heatmap(
  [
    [1, 0, 0],
    [0.4, 0.6, 0],
    [0.2, 0.3, 0.5],
  ],
  { xLabels: ["the", "cat", "the"], yLabels: ["the", "cat", "the"], title: "Causal attention" },
);
export const loss = line([{ name: "train", y: [2.3, 1.7, 1.2, 0.9] }], { title: "Loss", xTitle: "step" });

export function handMadeRun(): LessonRun {
  return {
    lesson: {
      file: "lessons/99-page-fixture.md",
      meta: {
        number: "99",
        slug: "99-page-fixture",
        title: "Attention <on> a page",
        minutes: 15,
        objectives: ["Compute $\\text{softmax}(QK^T/\\sqrt{d_k})V$", "Read a heatmap"],
        exercises: ["99.1"],
      },
      cells: [
        { kind: "markdown", source: "Scores are scaled by $\\sqrt{d_k}$; prices like $5 and $10 stay text.\n\n$$\nA = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)\n$$\n", line: 8, slide: true },
        { kind: "code", source: "const x = 1 + 1;\nconsole.log(x);\n", line: 14 },
        { kind: "markdown", source: "## Weights\n\nA picture of the weights.\n\n## Loss\n\nAnd a curve.", line: 18, slide: true },
        { kind: "code", source: "show(heatmap(w));\nshow(line(losses));", line: 26 },
        { kind: "code", source: "npm run lecture -- 99", line: 30, showOnly: true },
        { kind: "code", source: "throw new Error('boom')", line: 34, slide: true },
        { kind: "code", source: "console.log('never')", line: 38 },
      ],
    },
    cells: [
      { cellIndex: 0, line: 8, ms: 0, outputs: [] },
      { cellIndex: 1, line: 14, ms: 3.2, outputs: [{ kind: "text", text: "2" }, { kind: "text", text: "<b>not bold</b>" }] },
      { cellIndex: 2, line: 18, ms: 0, outputs: [] },
      {
        cellIndex: 3,
        line: 26,
        ms: 41,
        outputs: [
          { kind: "plotly", figure: attention, text: "heatmap 3x3: Causal attention" },
          { kind: "table", columns: ["step", "loss"], rows: [[0, 2.3], [1, 1.7]], text: "" },
          { kind: "markdown", markdown: "**done** in $O(T^2)$" },
          { kind: "html", html: "<em class=\"raw\">raw html</em>" },
          { kind: "plotly", figure: loss, text: "line" },
        ],
      },
      { cellIndex: 4, line: 30, ms: 0, outputs: [] },
      { cellIndex: 5, line: 34, ms: 1, outputs: [], error: { message: "Error: boom", line: 34 } },
      { cellIndex: 6, line: 38, ms: 0, outputs: [], notRun: true },
    ],
    totalMs: 45.2,
    ok: false,
  };
}
