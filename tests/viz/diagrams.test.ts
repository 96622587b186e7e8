import { afterEach, describe, expect, it, vi } from "vitest";
import type { Diagram, DisplayItem } from "../../src/viz/index.js";
import {
  attentionDiagram,
  decoderBlockDiagram,
  encoderBlockDiagram,
  encoderDecoderDiagram,
  multiHeadDiagram,
  setDisplaySink,
  show,
} from "../../src/viz/index.js";
import * as qkv from "../../src/index.js";
import { setKernelWriterForTests } from "../../src/viz/environment.js";
import { parseXml, walk, type XmlElement } from "./diagrams-xml.js";

afterEach(() => {
  setDisplaySink(null);
  setKernelWriterForTests(undefined);
  vi.restoreAllMocks();
});

/** All text drawn in the figure (the <text> elements), in document order. */
function drawnText(root: XmlElement): string[] {
  return walk(root).filter(({ el }) => el.name === "text").map(({ el }) => el.text);
}

/** Parses the SVG and checks what every diagram promises; returns the root. */
function checkWellFormed(d: Diagram): XmlElement {
  const root = parseXml(d.svg);
  expect(root.name).toBe("svg");
  expect(root.attrs["xmlns"]).toBe("http://www.w3.org/2000/svg");
  expect(root.attrs["viewBox"]).toBe(`0 0 ${d.width} ${d.height}`);
  expect(root.attrs["width"]).toBe(String(d.width));
  expect(root.attrs["height"]).toBe(String(d.height));
  const title = root.children.find((c) => c.name === "title");
  expect(title?.text).toBe(d.title);
  // Every url(#id) points at an element of this document.
  const ids = new Set(walk(root).map(({ el }) => el.attrs["id"]).filter((x): x is string => x !== undefined));
  for (const m of d.svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids.has(m[1]!)).toBe(true);
  // Every number in a coordinate is finite, and every box and label lies inside the picture.
  expect(d.svg).not.toMatch(/NaN|Infinity|undefined/);
  for (const { el, dx, dy } of walk(root)) {
    if (el.name === "rect") {
      const [x, y, w, h] = ["x", "y", "width", "height"].map((k) => Number(el.attrs[k]));
      expect(x! + dx).toBeGreaterThanOrEqual(0);
      expect(y! + dy).toBeGreaterThanOrEqual(0);
      expect(x! + dx + w!).toBeLessThanOrEqual(d.width);
      expect(y! + dy + h!).toBeLessThanOrEqual(d.height);
    }
    if (el.name === "text") {
      const y = Number(el.attrs["y"]) + dy;
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThanOrEqual(d.height);
    }
  }
  return root;
}

const builders: [string, () => Diagram][] = [
  ["attentionDiagram", () => attentionDiagram({ T: 6, dModel: 16, mask: "causal" })],
  ["multiHeadDiagram", () => multiHeadDiagram({ T: 9, dModel: 16, heads: 2 })],
  ["encoderBlockDiagram", () => encoderBlockDiagram({ T: 5, dModel: 32, heads: 4, dFF: 64, layers: 2 })],
  ["decoderBlockDiagram", () => decoderBlockDiagram({ T: 7, S: 9, dModel: 32, heads: 4, dFF: 64, norm: "pre" })],
  ["encoderDecoderDiagram", () => encoderDecoderDiagram({ S: 11, T: 7, dModel: 512, heads: 8, dFF: 2048, layers: 6, vocab: 37000 })],
];

describe("every diagram", () => {
  it.each(builders)("%s is well-formed SVG, inside its viewBox, with its title", (_, build) => {
    checkWellFormed(build());
  });

  it.each(builders)("%s is deterministic: the same options give the same bytes", (_, build) => {
    const a = build();
    const b = build();
    expect(a.svg).toBe(b.svg);
    expect(a.text).toBe(b.text);
  });

  it("is exported from the public face", () => {
    for (const [name] of builders) expect(typeof (qkv as Record<string, unknown>)[name]).toBe("function");
  });

  it("draws with defaults (symbols) too", () => {
    for (const d of [attentionDiagram(), multiHeadDiagram(), encoderBlockDiagram(), decoderBlockDiagram(), encoderDecoderDiagram()]) {
      const root = checkWellFormed(d);
      expect(drawnText(root).join(" ")).toContain("d_model");
    }
  });
});

describe("attentionDiagram", () => {
  it("labels Q, K, V, the projections and every shape", () => {
    const d = attentionDiagram({ T: 6, dModel: 16, dK: 4, dV: 3 });
    const texts = drawnText(checkWellFormed(d));
    const all = texts.join("\n");
    for (const label of ["× W_Q", "× W_K", "× W_V", "Q (queries)", "K (keys)", "V (values)", "softmax over each row"]) {
      expect(texts).toContain(label);
    }
    expect(texts).toContain("(6, 16)"); // X
    expect(texts).toContain("(16, 4)"); // W_Q and W_K
    expect(texts).toContain("(16, 3)"); // W_V
    expect(texts.filter((t) => t === "(6, 4)")).toHaveLength(2); // Q and K
    expect(texts.filter((t) => t === "(6, 3)")).toHaveLength(2); // V and the output
    expect(all).toContain("(6, 6)"); // scores and weights
    expect(all).toContain("√d_k");
    expect(d.title).toBe("Scaled dot-product attention (T = 6, d_model = 16, d_k = 4)");
  });

  it("draws the masking step only when asked, naming the mask", () => {
    expect(drawnText(parseXml(attentionDiagram().svg)).join(" ")).not.toContain("−∞");
    const causal = drawnText(parseXml(attentionDiagram({ mask: "causal" }).svg)).join(" ");
    expect(causal).toContain("masked scores → −∞");
    expect(causal).toContain("causal");
    expect(drawnText(parseXml(attentionDiagram({ mask: "padding" }).svg)).join(" ")).toContain("padding");
  });

  it("uses the given sizes in the text description", () => {
    const d = attentionDiagram({ T: 3, dModel: 8 });
    expect(d.text.split("\n")[0]).toBe(d.title);
    expect(d.text).toContain("(3, 8)");
    expect(d.text).toContain("(3, 3)");
    expect(attentionDiagram({ T: 4, dModel: 8 }).svg).not.toBe(d.svg);
  });
});

describe("multiHeadDiagram", () => {
  it("draws one coloured slice per head in Q, K, V and in the merged result, and one box per head", () => {
    const d = multiHeadDiagram({ T: 9, dModel: 16, heads: 2 });
    const root = checkWellFormed(d);
    const texts = drawnText(root);
    expect(texts).toContain("head 1");
    expect(texts).toContain("head 2");
    expect(texts).not.toContain("head 3");
    expect(texts).not.toContain("…");
    expect(texts.join(" ")).toContain("(2, 9, 8)"); // (h, T, d_k) after the split
    expect(texts.join(" ")).toContain("concat (merge): (9, 16)");
    const slices = walk(root).filter(({ el }) => el.name === "rect" && el.attrs["fill-opacity"] !== undefined);
    expect(slices).toHaveLength(4 * 2); // Q, K, V and concat, two heads each
    expect(d.title).toContain("d_k = 8");
  });

  it("draws the first heads, an ellipsis and the last when there are more than four", () => {
    const texts = drawnText(checkWellFormed(multiHeadDiagram({ dModel: 512, heads: 8 })));
    expect(texts).toEqual(expect.arrayContaining(["head 1", "head 2", "…", "head 8"]));
    expect(texts).not.toContain("head 3");
    expect(texts.join(" ")).toContain("(8, T, 64)");
  });

  it("refuses heads that do not divide d_model, naming both", () => {
    expect(() => multiHeadDiagram({ dModel: 10, heads: 3 })).toThrow(/multiHeadDiagram: dModel 10 is not divisible by heads 3/);
  });
});

describe("encoderBlockDiagram and decoderBlockDiagram", () => {
  it("post-norm: attention and FFN, each followed by add and LayerNorm", () => {
    const d = encoderBlockDiagram({ T: 5, dModel: 32, heads: 4, dFF: 64, layers: 2 });
    const texts = drawnText(checkWellFormed(d));
    expect(texts).toContain("multi-head self-attention, 4 heads");
    expect(texts).toContain("32 → 64 → ReLU → 32");
    expect(texts.filter((t) => t === "LayerNorm")).toHaveLength(2);
    expect(texts.filter((t) => t === "residual")).toHaveLength(2);
    expect(texts).toContain("× 2");
    expect(texts).toContain("(5, 32)");
    expect(d.text).toContain("LayerNorm(x + SelfAttention(x))");
    // LayerNorm comes after the attention box in post-norm ...
    expect(texts.indexOf("LayerNorm")).toBeGreaterThan(texts.indexOf("multi-head self-attention, 4 heads"));
    // ... and before it in pre-norm, which also ends with a final LayerNorm.
    const pre = encoderBlockDiagram({ norm: "pre" });
    const preTexts = drawnText(checkWellFormed(pre));
    expect(preTexts.indexOf("LayerNorm")).toBeLessThan(preTexts.indexOf("multi-head self-attention, h heads"));
    expect(preTexts).toContain("final LayerNorm");
    expect(pre.text).toContain("x + SelfAttention(LayerNorm(x))");
  });

  it("the decoder has masked self-attention, cross-attention fed by the memory, and the (T, S) scores", () => {
    const d = decoderBlockDiagram({ T: 7, S: 9, dModel: 32, heads: 4, dFF: 64 });
    const texts = drawnText(checkWellFormed(d));
    for (const label of ["masked multi-head self-attention", "multi-head cross-attention", "encoder output", "memory (9, 32)", "K, V"]) {
      expect(texts).toContain(label);
    }
    expect(texts.join(" ")).toContain("(7, 7)");
    expect(texts.join(" ")).toContain("(7, 9)");
    expect(texts.filter((t) => t === "residual")).toHaveLength(3);
    expect(texts.filter((t) => t === "LayerNorm")).toHaveLength(3);
    expect(d.text).toContain("keys and values from the encoder memory (9, 32)");
  });

  it("draws the activation it is given", () => {
    expect(drawnText(parseXml(encoderBlockDiagram({ dModel: 8, dFF: 32, activation: "GELU" }).svg))).toContain("8 → 32 → GELU → 8");
    expect(drawnText(parseXml(decoderBlockDiagram().svg))).toContain("d_model → d_ff → ReLU → d_model");
    expect(() => encoderBlockDiagram({ activation: "" })).toThrow(/encoderBlockDiagram: activation must be/);
  });

  it("refuses a bad norm or a bad size, naming the function and the value", () => {
    expect(() => encoderBlockDiagram({ norm: "mid" as "pre" })).toThrow(/encoderBlockDiagram: norm must be "post" or "pre", got "mid"/);
    expect(() => decoderBlockDiagram({ T: 0 })).toThrow(/decoderBlockDiagram: T must be a positive whole number/);
    expect(() => encoderBlockDiagram({ dFF: 1.5 })).toThrow(/encoderBlockDiagram: dFF .*got 1.5/);
    expect(() => attentionDiagram({ T: "" })).toThrow(/attentionDiagram: T must be/);
    expect(() => encoderDecoderDiagram({ dModel: 30, heads: 4 })).toThrow(/encoderDecoderDiagram: dModel 30 is not divisible by heads 4/);
  });
});

describe("encoderDecoderDiagram", () => {
  it("has both stacks, the memory into cross-attention, and the vocabulary projection", () => {
    const d = encoderDecoderDiagram({ S: 11, T: 7, dModel: 512, heads: 8, dFF: 2048, layers: 6, vocab: 37000 });
    const texts = drawnText(checkWellFormed(d));
    for (const label of ["encoder × 6", "decoder × 6", "masked self-attention", "cross-attention", "K, V", "next-token probabilities", "(512, 37000)", "(7, 37000)", "(11, 512)", "(7, 512)"]) {
      expect(texts).toContain(label);
    }
    expect(texts.filter((t) => t === "embedding + positional enc.")).toHaveLength(2);
  });
});

describe("show(diagram)", () => {
  it("is captured as HTML holding the SVG, with the description as its text", () => {
    const d = encoderBlockDiagram();
    const items: DisplayItem[] = [];
    setDisplaySink((item) => items.push(item));
    show(d);
    expect(items).toEqual([{ kind: "html", html: d.svg, text: d.text }]);
  });

  it("sends the SVG as text/html and the description as text/plain to a notebook", () => {
    const d = multiHeadDiagram({ heads: 2, dModel: 8 });
    const sent: Record<string, string>[] = [];
    setKernelWriterForTests({ write: (bundle) => sent.push(bundle) });
    show(d);
    expect(sent).toEqual([{ "text/html": d.svg, "text/plain": d.text }]);
  });

  it("prints the description, not the SVG source, in a terminal", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    setKernelWriterForTests(null);
    const d = attentionDiagram({ T: 2, dModel: 4 });
    show(d);
    expect(log).toHaveBeenCalledWith(d.text);
    expect(d.text).not.toContain("<");
  });
});

describe("the test's XML reader (so the checks above can fail)", () => {
  it.each([
    ["an unclosed element", "<svg><g></svg>"],
    ["misnested elements", "<svg><g><text></g></text></svg>"],
    ["a duplicate attribute", '<svg x="1" x="2"/>'],
    ["an unquoted attribute", "<svg x=1/>"],
    ["a raw ampersand", "<svg><text>a & b</text></svg>"],
    ["a raw < in an attribute", '<svg><title a="<"/></svg>'],
    ["two roots", "<svg/><svg/>"],
  ])("rejects %s", (_, source) => {
    expect(() => parseXml(source)).toThrow(/xml:/);
  });

  it("reads entities and nesting", () => {
    const root = parseXml('<svg a="&quot;x&quot;"><text>Q &amp; K &lt;T&gt;</text></svg>');
    expect(root.attrs["a"]).toBe('"x"');
    expect(root.children[0]!.text).toBe("Q & K <T>");
  });
});
