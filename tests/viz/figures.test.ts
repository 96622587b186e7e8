import { describe, expect, it } from "vitest";
import { bar, heatmap, line, scatter } from "../../src/viz/index.js";
import { describeFigure } from "../../src/viz/describe.js";

const t2 = (rows: number[][]) => ({ shape: [rows.length, rows[0]!.length], dtype: "float32", data: Float32Array.from(rows.flat()) });

describe("heatmap", () => {
  const w = [
    [1, 0, 0, 0],
    [0.5, 0.5, 0, 0],
    [0.2, 0.3, 0.5, 0],
    [0.1, 0.2, 0.3, 0.4],
  ];
  const tokens = ["the", "cat", "saw", "the"];

  it("keeps one column per token even when a token repeats, row 0 on top", () => {
    const fig = heatmap(w, { xLabels: tokens, yLabels: tokens, title: "Attention" });
    const trace = fig.data[0]!;
    expect(trace["type"]).toBe("heatmap");
    expect(trace["x"]).toEqual([0, 1, 2, 3]);
    expect(trace["z"]).toEqual(w);
    const xaxis = fig.layout["xaxis"] as Record<string, unknown>;
    const yaxis = fig.layout["yaxis"] as Record<string, unknown>;
    expect(xaxis["ticktext"]).toEqual(tokens);
    expect(yaxis["autorange"]).toBe("reversed");
    expect(fig.layout["title"]).toEqual({ text: "Attention" });
  });

  it("reads a 2-D tensor row-major", () => {
    const fig = heatmap(t2([[1, 2, 3], [4, 5, 6]]));
    expect(fig.data[0]!["z"]).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it("is plain JSON: a round trip changes nothing", () => {
    const fig = heatmap(w, { xLabels: tokens, yLabels: tokens, range: [0, 1] });
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig);
  });

  it("names the op and the counts when labels do not fit", () => {
    expect(() => heatmap(w, { xLabels: ["a", "b"] })).toThrow("heatmap: xLabels has 2 entries but the matrix has 4 columns");
    expect(() => heatmap(w, { yLabels: ["a"] })).toThrow(/yLabels has 1 entries but the matrix has 4 rows/);
    expect(() => heatmap([[1, 2], [3]])).toThrow(/ragged: row 0 has 2 entries but row 1 has 1/);
    expect(() => heatmap({ shape: [2, 2, 2], dtype: "float32", data: new Float32Array(8) })).toThrow(/must be 2-D, got shape \(2,2,2\)/);
  });

  it("has a text form with the labels and values", () => {
    const text = describeFigure(heatmap([[0.25, 0.75], [1, 0]], { xLabels: ["a", "b"], yLabels: ["c", "d"], title: "w" }));
    expect(text.split("\n")).toEqual(["heatmap 2x2: w", "      a     b", "-  ----  ----", "c  0.25  0.75", "d     1     0"]);
  });
});

describe("line", () => {
  it("plots bare values against 0..n-1", () => {
    const fig = line([3, 2, 1.5]);
    expect(fig.data).toEqual([{ type: "scatter", mode: "lines", x: [0, 1, 2], y: [3, 2, 1.5] }]);
    expect(fig.layout["showlegend"]).toBe(false);
  });

  it("plots several named series with their own x and a legend", () => {
    const fig = line(
      [
        { name: "train", y: [2, 1, 0.5] },
        { name: "valid", x: [0, 2], y: [2.2, 1.4] },
      ],
      { logY: true, xTitle: "step" },
    );
    expect(fig.data.map((t) => t["name"])).toEqual(["train", "valid"]);
    expect(fig.data[1]!["x"]).toEqual([0, 2]);
    expect((fig.layout["yaxis"] as Record<string, unknown>)["type"]).toBe("log");
    expect(fig.layout["showlegend"]).toBe(true);
    expect(describeFigure(fig)).toContain('line "train": 3 points, x 0..2, first 2, last 0.5, min 0.5, max 2');
  });

  it("accepts a 1-D tensor and rejects mismatched x", () => {
    expect(line({ shape: [2], dtype: "float32", data: Float32Array.of(1, 2) }).data[0]!["y"]).toEqual([1, 2]);
    expect(() => line({ name: "loss", x: [0, 1], y: [1, 2, 3] })).toThrow("line: series loss has 2 x values but 3 y values");
  });
});

describe("scatter", () => {
  it("labels points and splits groups into traces", () => {
    const fig = scatter([[0, 1], [2, 3], [4, 5]], ["king", "queen", "apple"], { groups: ["royal", "royal", "fruit"] });
    expect(fig.data).toHaveLength(2);
    expect(fig.data[0]).toMatchObject({ name: "royal", x: [0, 2], y: [1, 3], text: ["king", "queen"], mode: "markers+text" });
    expect(fig.data[1]).toMatchObject({ name: "fruit", x: [4], y: [5], text: ["apple"] });
  });

  it("wants (N, 2) points and one label per point", () => {
    expect(() => scatter([[1, 2, 3]])).toThrow(/points must be \(N, 2\), got \(1, 3\)/);
    expect(() => scatter([[1, 2]], ["a", "b"])).toThrow("scatter: 2 labels for 1 points");
  });
});

describe("bar", () => {
  it("keeps repeated labels as separate bars and draws text bars", () => {
    const fig = bar([0.5, 0.25, 0.25], ["the", "a", "the"], { horizontal: true });
    expect(fig.data[0]).toMatchObject({ type: "bar", orientation: "h", x: [0.5, 0.25, 0.25], y: [0, 1, 2] });
    expect((fig.layout["yaxis"] as Record<string, unknown>)["ticktext"]).toEqual(["the", "a", "the"]);
    const text = describeFigure(fig).split("\n");
    expect(text[0]).toBe("bar chart, 3 bars");
    expect(text[1]).toBe("the  " + "█".repeat(30) + " 0.5");
    expect(text[2]).toBe("a    " + "█".repeat(15) + " 0.25");
  });

  it("wants one label per value", () => {
    expect(() => bar([1, 2], ["x"])).toThrow("bar: 1 labels for 2 values");
  });
});

describe("figures from the library's Tensor", () => {
  it("reads tensors and throws QkvError", async () => {
    const { tensor, QkvError } = await import("../../src/tensor/index.js");
    expect(heatmap(tensor([[0.5, 0.5]])).data[0]!["z"]).toEqual([[0.5, 0.5]]);
    expect(bar(tensor([1, 2]), ["a", "b"]).data[0]!["y"]).toEqual([1, 2]);
    expect(() => heatmap(tensor([1, 2]))).toThrow(QkvError);
  });
});
