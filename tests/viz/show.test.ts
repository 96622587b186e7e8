import { afterEach, describe, expect, it, vi } from "vitest";
import type { DisplayItem } from "../../src/viz/index.js";
import { heatmap, html, markdown, setDisplaySink, show, table } from "../../src/viz/index.js";
import { resetPlotlyLoadForTests, setKernelWriterForTests } from "../../src/viz/environment.js";

const tensor2x3 = { shape: [2, 3], dtype: "float32", data: Float32Array.of(0.1, 2, 3, 4, 5, 6) };

afterEach(() => {
  setDisplaySink(null);
  setKernelWriterForTests(undefined);
  resetPlotlyLoadForTests();
  vi.restoreAllMocks();
});

function capture(fn: () => void): DisplayItem[] {
  const items: DisplayItem[] = [];
  const previous = setDisplaySink((item) => items.push(item));
  try {
    fn();
  } finally {
    setDisplaySink(previous);
  }
  return items;
}

describe("show under a display sink (the lesson runner)", () => {
  it("captures figures, tables, markdown, HTML and other values as DisplayItems", () => {
    const fig = heatmap([[1, 0], [0, 1]], { xLabels: ["a", "b"], yLabels: ["a", "b"] });
    const items = capture(() => {
      show(fig);
      show(tensor2x3);
      show(markdown("**bold**"));
      show(html("<b>x</b>"));
      show(table(["model", "loss"], [["tiny", 1.25]]));
      show("plain");
      show({ a: 1 });
    });
    expect(items.map((i) => i.kind)).toEqual(["plotly", "table", "markdown", "html", "table", "text", "text"]);
    expect(items[0]).toMatchObject({ kind: "plotly", figure: fig });
    // float32 noise (0.1 is 0.10000000149 in float32) is rounded away.
    expect(items[1]).toMatchObject({ columns: ["", "0", "1", "2"], rows: [["0", 0.1, 2, 3], ["1", 4, 5, 6]] });
    expect((items[1] as { text: string }).text.split("\n")[0]).toBe("Tensor (2, 3) float32");
    expect(items[2]).toEqual({ kind: "markdown", markdown: "**bold**" });
    expect(items[6]).toEqual({ kind: "text", text: "{ a: 1 }" });
  });

  it("shows a 1-D tensor as one row and a big tensor as its own text", () => {
    const [row] = capture(() => show({ shape: [3], dtype: "int32", data: Int32Array.of(7, 8, 9) }));
    expect(row).toMatchObject({ kind: "table", columns: ["0", "1", "2"], rows: [[7, 8, 9]] });
    const big = { shape: [100, 100], dtype: "float32", data: new Float32Array(10_000), toString: () => "tensor(big)" };
    expect(capture(() => show(big))).toEqual([{ kind: "text", text: "tensor(big)" }]);
  });

  it("checks table rows against the columns", () => {
    expect(() => table(["a", "b"], [[1]])).toThrow("table: row 0 has 1 values but there are 2 columns");
  });
});

describe("show in a terminal", () => {
  it("prints the text form", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    setKernelWriterForTests(null);
    show(table(["x"], [[1]]));
    show(markdown("# title"));
    expect(log.mock.calls).toEqual([["x\n-\n1"], ["# title"]]);
  });
});

describe("show in a tslab kernel", () => {
  it("sends HTML + text/plain, inlining plotly.js with the first figure only", () => {
    const sent: Record<string, string>[] = [];
    setKernelWriterForTests({ write: (bundle) => sent.push(bundle) });
    const fig = heatmap([[1]], { xLabels: ["</script><b>"], yLabels: ["y"] });
    show(fig);
    show(fig);
    show(markdown("*hi*"));
    expect(sent).toHaveLength(3);
    const [first, second, md] = sent as [Record<string, string>, Record<string, string>, Record<string, string>];
    expect(first["text/html"]).toContain("plotly.js v");
    expect(first["text/html"]!.length).toBeGreaterThan(1_000_000);
    expect(second["text/html"]).not.toContain("plotly.js v");
    expect(second["text/html"]).toContain("window.Plotly.newPlot");
    // A label cannot end the script element early.
    expect(second["text/html"]).not.toContain("</script><b>");
    expect(second["text/plain"]).toContain("heatmap 1x1");
    expect(md).toEqual({ "text/markdown": "*hi*", "text/plain": "*hi*" });
  });
});

describe("show with the library's Tensor", () => {
  it("tables a small tensor and prints a big one in the tensor's own format", async () => {
    const { tensor, zeros } = await import("../../src/tensor/index.js");
    const [small] = capture(() => show(tensor([[1, 2], [3, 4.5]])));
    expect(small).toMatchObject({ kind: "table", columns: ["", "0", "1"], rows: [["0", 1, 2], ["1", 3, 4.5]] });
    const big = zeros([40, 40]);
    expect(capture(() => show(big))).toEqual([{ kind: "text", text: big.toString() }]);
  });
});
