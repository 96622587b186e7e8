// Architecture diagrams drawn by the library: the Q/K/V data flow, multi-head split and merge, the
// encoder block, the decoder block with cross-attention and the full encoder-decoder. Each builder is
// a pure function of its options and returns a Diagram: an SVG string (same options, same bytes), a
// plain-text description, and what show() needs to display it (inline SVG in a notebook and on a
// lecture page, the description in a terminal).
//
// One look everywhere: the colours below name a role (a tensor, a learned projection, attention, a
// normalisation, the feed-forward network, an embedding, an elementwise step), so the same part has the
// same colour in every figure. Sizes (T, d_model, heads, ...) are options, so a lesson's figure shows
// that lesson's shapes; a size left out is drawn as its symbol.
import { QkvError } from "../tensor/index.js";
import { type Displayable, displayableItem } from "./show.js";

/** What a diagram builder returns. show(diagram) draws it; `svg` is the figure itself. */
export interface Diagram extends Displayable {
  /** The figure's title (also the SVG's <title>, its accessible name). */
  readonly title: string;
  /** A standalone SVG document (one <svg> element with the SVG namespace). */
  readonly svg: string;
  /** The figure as text, one step a line: what a terminal prints and what a screen reader can read. */
  readonly text: string;
  readonly width: number;
  readonly height: number;
}

/** A size: a number draws as that number, a string as that symbol (e.g. "T"). */
export type DiagramSize = number | string;

export interface AttentionDiagramOptions {
  /** Sequence length (default "T"). */
  T?: DiagramSize;
  /** Model width, the size of each input vector (default "d_model"). */
  dModel?: DiagramSize;
  /** Width of queries and keys (default: dModel when that is a number, else "d_k"). */
  dK?: DiagramSize;
  /** Width of values, and of the output (default: dK). */
  dV?: DiagramSize;
  /** Draw the masking step between the scores and the softmax: "causal", "padding" or true (a mask). Default: none. */
  mask?: boolean | "causal" | "padding";
  title?: string;
}

export interface MultiHeadDiagramOptions {
  T?: DiagramSize;
  dModel?: DiagramSize;
  /** Number of heads (default "h"). When dModel and heads are numbers, heads must divide dModel. */
  heads?: DiagramSize;
  title?: string;
}

export interface EncoderBlockDiagramOptions {
  T?: DiagramSize;
  dModel?: DiagramSize;
  heads?: DiagramSize;
  /** Hidden width of the feed-forward network (default "d_ff"). */
  dFF?: DiagramSize;
  /** "post" (the paper: norm after each residual add, the default) or "pre" (GPT-2: norm before each sublayer). */
  norm?: "post" | "pre";
  /** Number of stacked layers, drawn as "× N" (default "N"). */
  layers?: DiagramSize;
  /** The feed-forward network's activation, as drawn (default "ReLU", the paper's; GPT-2 and BERT use "GELU"). */
  activation?: string;
  title?: string;
}

export interface DecoderBlockDiagramOptions extends EncoderBlockDiagramOptions {
  /** Source length: the encoder output (memory) has S rows (default "S"). */
  S?: DiagramSize;
}

export interface EncoderDecoderDiagramOptions {
  /** Source length (default "S"). */
  S?: DiagramSize;
  /** Target length (default "T"). */
  T?: DiagramSize;
  dModel?: DiagramSize;
  heads?: DiagramSize;
  dFF?: DiagramSize;
  /** Layers in each stack (default "N"). */
  layers?: DiagramSize;
  /** Target vocabulary size (default "V"). */
  vocab?: DiagramSize;
  title?: string;
}

// ---------------------------------------------------------------------------------------------------
// The look: one palette of roles, one font, one arrow.

type Role = "tensor" | "linear" | "attention" | "norm" | "ffn" | "embed" | "op" | "output";

const ROLE: Record<Role, { fill: string; stroke: string }> = {
  tensor: { fill: "#ffffff", stroke: "#64748b" },
  linear: { fill: "#dbeafe", stroke: "#2563eb" },
  attention: { fill: "#ffedd5", stroke: "#ea580c" },
  norm: { fill: "#dcfce7", stroke: "#16a34a" },
  ffn: { fill: "#ede9fe", stroke: "#7c3aed" },
  embed: { fill: "#fce7f3", stroke: "#db2777" },
  op: { fill: "#fef9c3", stroke: "#ca8a04" },
  output: { fill: "#f1f5f9", stroke: "#334155" },
};

/** Colours of heads 1, 2, ... in the multi-head figure (cycled). */
const HEAD_COLOURS = ["#f97316", "#0ea5e9", "#22c55e", "#a855f7", "#e11d48", "#eab308", "#14b8a6", "#6366f1"];

const FONT = "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
const INK = "#0f172a";
const MUTED = "#475569";
const LINE = "#334155";

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Numbers in coordinates: at most one decimal, no "-0". */
function n(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? "0" : String(r);
}

/** A small deterministic hash (FNV-1a) that makes the arrow marker's id unique per figure content. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

interface Pt {
  x: number;
  y: number;
}

/** Collects SVG elements and the text description of one figure. */
class Canvas {
  private readonly parts: string[] = [];
  readonly steps: string[] = [];

  constructor(readonly width: number, public height: number) {}

  /** A rounded box with a label and, under it, a smaller line (a shape or a note). Returns its centre. */
  box(cx: number, cy: number, w: number, h: number, role: Role, label: string, sub?: string): Pt {
    const { fill, stroke } = ROLE[role];
    this.parts.push(
      `<rect x="${n(cx - w / 2)}" y="${n(cy - h / 2)}" width="${n(w)}" height="${n(h)}" rx="7" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`,
    );
    if (sub === undefined) {
      this.label(cx, cy + 4.5, label, 13, INK, role === "tensor" || role === "output" ? "600" : "500");
    } else {
      this.label(cx, cy - 3, label, 13, INK, role === "tensor" || role === "output" ? "600" : "500");
      this.label(cx, cy + 13, sub, 11, MUTED, "400", true);
    }
    return { x: cx, y: cy };
  }

  label(x: number, y: number, text: string, size: number, colour: string, weight = "400", mono = false, anchor = "middle"): void {
    this.parts.push(
      `<text x="${n(x)}" y="${n(y)}" font-size="${size}" fill="${colour}" font-weight="${weight}" text-anchor="${anchor}"` +
        `${mono ? ` font-family="${MONO}"` : ""}>${xmlEscape(text)}</text>`,
    );
  }

  rect(x: number, y: number, w: number, h: number, fill: string, stroke: string, extra = ""): void {
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${fill}" stroke="${stroke}"${extra}/>`);
  }

  /** A dashed frame around a repeated block, with "× N" at its top right. */
  frame(x: number, y: number, w: number, h: number, caption: string): void {
    this.parts.push(
      `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="10" fill="none" stroke="#94a3b8" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    );
    this.label(x + w - 8, y + 18, caption, 13, MUTED, "600", false, "end");
  }

  /** An arrow along the points (the head at the last one). */
  arrow(points: Pt[], opts: { dashed?: boolean; colour?: string; label?: string; labelAt?: Pt; anchor?: string } = {}): void {
    const d = points.map((p, i) => `${i === 0 ? "M" : "L"}${n(p.x)} ${n(p.y)}`).join(" ");
    const colour = opts.colour ?? LINE;
    this.parts.push(
      `<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.5"${opts.dashed ? ` stroke-dasharray="5 4"` : ""} marker-end="url(#MARKER)"/>`,
    );
    if (opts.label !== undefined) {
      const at = opts.labelAt ?? { x: (points[0]!.x + points[points.length - 1]!.x) / 2 + 6, y: (points[0]!.y + points[points.length - 1]!.y) / 2 };
      this.label(at.x, at.y, opts.label, 11, MUTED, "400", true, opts.anchor ?? "start");
    }
  }

  /** The residual add: a circle with a plus. */
  add(cx: number, cy: number): Pt {
    this.parts.push(`<circle cx="${n(cx)}" cy="${n(cy)}" r="10" fill="#ffffff" stroke="${LINE}" stroke-width="1.5"/>`);
    this.parts.push(`<path d="M${n(cx - 5)} ${n(cy)} L${n(cx + 5)} ${n(cy)} M${n(cx)} ${n(cy - 5)} L${n(cx)} ${n(cy + 5)}" stroke="${LINE}" stroke-width="1.5"/>`);
    return { x: cx, y: cy };
  }

  raw(svg: string): void {
    this.parts.push(svg);
  }

  step(line: string): void {
    this.steps.push(line);
  }

  /** Finishes the figure: `title` on the first line, the sizes (`note`, may be empty) on a second one. */
  toDiagram(title: string, note: string): Diagram {
    const body = this.parts.join("\n");
    const fullTitle = note === "" ? title : `${title} (${note})`;
    const marker = `qkv-arrow-${hash(fullTitle + body)}`;
    const shift = note === "" ? 0 : 18;
    const height = this.height + shift;
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${this.width} ${height}" width="${this.width}" height="${height}" ` +
      `role="img" font-family="${FONT}" style="max-width:100%;height:auto;background:#ffffff">\n` +
      `<title>${xmlEscape(fullTitle)}</title>\n` +
      `<desc>${xmlEscape(this.steps.join("\n"))}</desc>\n` +
      `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
      `<path d="M0 0 L10 5 L0 10 z" fill="${LINE}"/></marker></defs>\n` +
      `<text x="${n(this.width / 2)}" y="24" font-size="15" font-weight="600" fill="${INK}" text-anchor="middle">${xmlEscape(title)}</text>\n` +
      (note === "" ? "" : `<text x="${n(this.width / 2)}" y="42" font-size="12" fill="${MUTED}" text-anchor="middle" font-family="${MONO}">${xmlEscape(note)}</text>\n`) +
      `<g transform="translate(0 ${shift})">\n` +
      body.replace(/url\(#MARKER\)/g, `url(#${marker})`) +
      `\n</g>\n</svg>`;
    const text = [fullTitle, ...this.steps.map((s) => `  ${s}`)].join("\n");
    return {
      ...displayableItem({ kind: "html", html: svg, text }),
      title: fullTitle,
      svg,
      text,
      width: this.width,
      height,
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// Sizes and shapes.

function size(fn: string, name: string, value: DiagramSize | undefined, symbol: DiagramSize): DiagramSize {
  if (value === undefined) return symbol;
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 1) {
      throw new QkvError(`${fn}: ${name} must be a positive whole number or a symbol (a string), got ${value}`);
    }
    return value;
  }
  if (typeof value !== "string" || value.trim() === "") {
    throw new QkvError(`${fn}: ${name} must be a positive whole number or a non-empty symbol, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** The per-head width: a number when d_model and heads are numbers (heads must divide d_model). */
function headSize(fn: string, dModel: DiagramSize, heads: DiagramSize): DiagramSize {
  if (typeof dModel === "number" && typeof heads === "number") {
    if (dModel % heads !== 0) {
      throw new QkvError(`${fn}: dModel ${dModel} is not divisible by heads ${heads}; each head gets dModel / heads features`);
    }
    return dModel / heads;
  }
  return "d_k";
}

function shape(...dims: DiagramSize[]): string {
  return `(${dims.join(", ")})`;
}

function sizeNote(pairs: [string, DiagramSize][]): string {
  const given = pairs.filter(([, v]) => typeof v === "number");
  return given.map(([k, v]) => `${k} = ${v}`).join(", ");
}

// ---------------------------------------------------------------------------------------------------
// The figures.

/**
 * The data flow of one attention head with the shape of every tensor: X is projected by W_Q, W_K, W_V
 * into Q, K, V; the scores Q Kᵀ / √d_k (T, T) (masked, if `mask`) go through a row-wise softmax; the
 * weights average the rows of V.
 */
export function attentionDiagram(opts: AttentionDiagramOptions = {}): Diagram {
  const fn = "attentionDiagram";
  const T = size(fn, "T", opts.T, "T");
  const dModel = size(fn, "dModel", opts.dModel, "d_model");
  const dK = size(fn, "dK", opts.dK, typeof dModel === "number" ? dModel : "d_k");
  const dV = size(fn, "dV", opts.dV, typeof dK === "number" ? dK : "d_v");
  const mask = opts.mask ?? false;
  const title = opts.title ?? `Scaled dot-product attention`;
  const note = sizeNote([["T", T], ["d_model", dModel], ["d_k", dK]]);
  const c = new Canvas(660, mask ? 690 : 610);
  const xq = 150, xk = 330, xv = 510, mid = (xq + xk) / 2;

  const x = c.box(xk, 64, 170, 44, "tensor", "X: one row per token", shape(T, dModel));
  const wq = c.box(xq, 144, 130, 40, "linear", "× W_Q", shape(dModel, dK));
  const wk = c.box(xk, 144, 130, 40, "linear", "× W_K", shape(dModel, dK));
  const wv = c.box(xv, 144, 130, 40, "linear", "× W_V", shape(dModel, dV));
  for (const w of [wq, wk, wv]) c.arrow([{ x: x.x + (w.x - x.x) * 0.35, y: x.y + 22 }, { x: w.x, y: w.y - 20 }]);
  const q = c.box(xq, 220, 130, 40, "tensor", "Q (queries)", shape(T, dK));
  const k = c.box(xk, 220, 130, 40, "tensor", "K (keys)", shape(T, dK));
  const v = c.box(xv, 220, 130, 40, "tensor", "V (values)", shape(T, dV));
  for (const [a, b] of [[wq, q], [wk, k], [wv, v]] as [Pt, Pt][]) c.arrow([{ x: a.x, y: a.y + 20 }, { x: b.x, y: b.y - 20 }]);
  c.step(`X ${shape(T, dModel)} -> Q = X W_Q ${shape(T, dK)}, K = X W_K ${shape(T, dK)}, V = X W_V ${shape(T, dV)}`);

  let y = 306;
  const scores = c.box(mid, y, 220, 44, "op", "scores = Q Kᵀ / √d_k", `${shape(T, T)}: query row, key column`);
  c.arrow([{ x: q.x, y: q.y + 20 }, { x: mid - 40, y: y - 22 }]);
  c.arrow([{ x: k.x, y: k.y + 20 }, { x: mid + 40, y: y - 22 }], { label: "Kᵀ", labelAt: { x: mid + 62, y: y - 36 } });
  c.step(`scores = Q Kᵀ / √d_k ${shape(T, T)}: one row per query, one column per key`);
  let prev: Pt = scores;
  if (mask) {
    y += 80;
    const what = mask === "causal" ? "causal mask: key j > query i" : mask === "padding" ? "padding mask: pad keys" : "mask: where false";
    const m = c.box(mid, y, 220, 44, "op", "masked scores → −∞", `${what}`);
    c.arrow([{ x: prev.x, y: prev.y + 22 }, { x: m.x, y: m.y - 22 }]);
    c.step(`mask: scores where the mask is false (may not attend) become -inf ${shape(T, T)}${mask === "causal" ? ", causal: key after query" : mask === "padding" ? ", padding keys" : ""}`);
    prev = m;
  }
  y += 80;
  const soft = c.box(mid, y, 220, 44, "attention", "softmax over each row", `weights ${shape(T, T)}, rows sum to 1`);
  c.arrow([{ x: prev.x, y: prev.y + 22 }, { x: soft.x, y: soft.y - 22 }]);
  c.step(`weights = softmax of each row of the scores ${shape(T, T)}, each row sums to 1`);
  y += 84;
  const avg = c.box(xk + 20, y, 230, 44, "attention", "weights · V", "a weighted average of value rows");
  c.arrow([{ x: soft.x, y: soft.y + 22 }, { x: avg.x - 50, y: avg.y - 22 }]);
  c.arrow([{ x: v.x, y: v.y + 20 }, { x: v.x, y: y - 50 }, { x: avg.x + 60, y: avg.y - 22 }]);
  y += 78;
  const out = c.box(xk + 20, y, 210, 44, "output", "output: one row per token", shape(T, dV));
  c.arrow([{ x: avg.x, y: avg.y + 22 }, { x: out.x, y: out.y - 22 }]);
  c.step(`output = weights V ${shape(T, dV)}: row i is token i's weighted average of the value rows`);
  legend(c, ["tensor", "linear", "op", "attention"]);
  return c.toDiagram(title, note);
}

/**
 * Multi-head attention: Q, K and V (each (T, d_model)) are split into `heads` slices of d_k = d_model / h
 * features (one colour per head), every head attends on its own, the head outputs are concatenated back
 * to (T, d_model) and mixed by W_O.
 */
export function multiHeadDiagram(opts: MultiHeadDiagramOptions = {}): Diagram {
  const fn = "multiHeadDiagram";
  const T = size(fn, "T", opts.T, "T");
  const dModel = size(fn, "dModel", opts.dModel, "d_model");
  const heads = size(fn, "heads", opts.heads, "h");
  const dK = headSize(fn, dModel, heads);
  const title = opts.title ?? `Multi-head attention: split, attend, merge`;
  const note = sizeNote([["T", T], ["d_model", dModel], ["h", heads], ["d_k", dK]]);
  const c = new Canvas(700, 690);
  const cx = 350;
  // How many coloured slices and head boxes to draw: all heads up to 4 boxes / 16 slices.
  const slices = typeof heads === "number" ? Math.min(heads, 16) : 4;
  const headBoxes: (number | null)[] =
    typeof heads === "number" && heads <= 4 ? Array.from({ length: heads }, (_, i) => i) : [0, 1, null, -1];
  const headName = (i: number) => (i === -1 ? `head ${heads}` : `head ${i + 1}`);
  const headColour = (i: number) => HEAD_COLOURS[(i === -1 ? slices - 1 : i) % HEAD_COLOURS.length]!;

  const x = c.box(cx, 64, 170, 44, "tensor", "X", shape(T, dModel));
  const proj = c.box(cx, 140, 330, 44, "linear", "Q = X W_Q,  K = X W_K,  V = X W_V", `each W ${shape(dModel, dModel)}`);
  c.arrow([{ x: x.x, y: x.y + 22 }, { x: proj.x, y: proj.y - 22 }]);
  c.step(`Q, K, V = X W_Q, X W_K, X W_V: each ${shape(T, dModel)}`);

  // Q, K, V as bars cut into one slice of d_k features per head.
  const barW = 170, barH = 26, barY = 218;
  const bars = [["Q", 95], ["K", 350], ["V", 605]] as const;
  for (const [name, bx] of bars) {
    const left = bx - barW / 2;
    for (let s = 0; s < slices; s++) {
      const sw = barW / slices;
      c.rect(left + s * sw, barY, sw, barH, HEAD_COLOURS[s % HEAD_COLOURS.length]!, "#ffffff", ` stroke-width="1" fill-opacity="0.85"`);
    }
    c.rect(left, barY, barW, barH, "none", LINE, ` stroke-width="1.5" rx="3"`);
    c.label(bx - barW / 2, barY - 6, `${name} ${shape(T, dModel)}`, 11, MUTED, "400", true, "start");
    c.arrow([{ x: proj.x + (bx - proj.x) * 0.45, y: proj.y + 22 }, { x: bx + 30, y: barY - 2 }]);
  }
  const split = c.box(cx, 300, 420, 44, "op", "split heads: reshape (T, h, d_k), swap axes", `→ ${shape(heads, T, dK)} each for Q, K, V`);
  for (const [, bx] of bars) c.arrow([{ x: bx, y: barY + barH }, { x: split.x + (bx - split.x) * 0.6, y: split.y - 22 }]);
  c.step(`split: ${shape(T, dModel)} -> ${shape(heads, T, dK)}: head i takes features [i·d_k, (i+1)·d_k)`);

  const slotW = 150, slotY = 400;
  const slotX = (i: number) => cx + (i - (headBoxes.length - 1) / 2) * (slotW + 14);
  headBoxes.forEach((h, i) => {
    const hx = slotX(i);
    if (h === null) {
      c.label(hx, slotY + 5, "…", 22, MUTED, "600");
      return;
    }
    const colour = headColour(h);
    c.raw(
      `<rect x="${n(hx - slotW / 2)}" y="${n(slotY - 30)}" width="${slotW}" height="60" rx="7" fill="${ROLE.attention.fill}" stroke="${colour}" stroke-width="2.5"/>`,
    );
    c.label(hx, slotY - 8, headName(h), 13, INK, "600");
    c.label(hx, slotY + 8, `softmax(QKᵀ/√d_k)V`, 11, MUTED, "400", true);
    c.label(hx, slotY + 22, `scores ${shape(T, T)}`, 11, MUTED, "400", true);
    c.arrow([{ x: split.x + (hx - split.x) * 0.5, y: split.y + 22 }, { x: hx, y: slotY - 30 }], { colour });
  });
  c.step(`every head attends on its own slices: weights ${shape(heads, T, T)}, outputs ${shape(heads, T, dK)}`);

  const catY = 500;
  const catW = 300;
  for (let s = 0; s < slices; s++) {
    const sw = catW / slices;
    c.rect(cx - catW / 2 + s * sw, catY, sw, barH, HEAD_COLOURS[s % HEAD_COLOURS.length]!, "#ffffff", ` stroke-width="1" fill-opacity="0.85"`);
  }
  c.rect(cx - catW / 2, catY, catW, barH, "none", LINE, ` stroke-width="1.5" rx="3"`);
  c.label(cx + catW / 2 + 8, catY + 17, `concat (merge): ${shape(T, dModel)}`, 11, MUTED, "400", true, "start");
  headBoxes.forEach((h, i) => {
    if (h === null) return;
    const hx = slotX(i);
    c.arrow([{ x: hx, y: slotY + 30 }, { x: cx + (hx - cx) * 0.5, y: catY - 2 }], { colour: headColour(h) });
  });
  c.step(`merge: swap axes back and reshape ${shape(heads, T, dK)} -> ${shape(T, dModel)}`);
  const wo = c.box(cx, 580, 200, 40, "linear", "× W_O", shape(dModel, dModel));
  c.arrow([{ x: cx, y: catY + barH }, { x: cx, y: wo.y - 20 }]);
  const out = c.box(cx, 650, 200, 40, "output", "output", shape(T, dModel));
  c.arrow([{ x: cx, y: wo.y + 20 }, { x: cx, y: out.y - 20 }]);
  c.step(`output = concat(heads) W_O ${shape(T, dModel)}: W_O mixes the heads' features`);
  legend(c, ["tensor", "linear", "op", "attention"], 686);
  return c.toDiagram(title, note);
}

/** Draws one residual sublayer (norm placement per `norm`) starting at y; returns the y of its output. */
function sublayer(c: Canvas, cx: number, y: number, role: Role, label: string, sub: string, norm: "post" | "pre", side: number): number {
  const boxW = 250;
  const branch = y;
  let top = y + 16;
  if (norm === "pre") {
    const ln = c.box(cx, top + 18, boxW, 32, "norm", "LayerNorm");
    c.arrow([{ x: cx, y: branch }, { x: cx, y: ln.y - 16 }]);
    top = ln.y + 16 + 14;
  }
  const body = c.box(cx, top + 22, boxW, 44, role, label, sub);
  if (norm === "post") c.arrow([{ x: cx, y: branch }, { x: cx, y: body.y - 22 }]);
  else c.arrow([{ x: cx, y: top - 14 }, { x: cx, y: body.y - 22 }]);
  const plus = c.add(cx, body.y + 22 + 26);
  c.arrow([{ x: cx, y: body.y + 22 }, { x: cx, y: plus.y - 10 }]);
  // The residual path: around the sublayer, into the add.
  c.arrow([{ x: cx, y: branch + 6 }, { x: cx + side, y: branch + 6 }, { x: cx + side, y: plus.y }, { x: cx + 10, y: plus.y }], {
    label: "residual",
    labelAt: { x: cx + side + 6, y: (branch + plus.y) / 2 },
  });
  let end = plus.y + 10;
  if (norm === "post") {
    const ln = c.box(cx, plus.y + 44, boxW, 32, "norm", "LayerNorm");
    c.arrow([{ x: cx, y: plus.y + 10 }, { x: cx, y: ln.y - 16 }]);
    end = ln.y + 16;
  }
  return end;
}

/**
 * The encoder layer: multi-head self-attention and a position-wise feed-forward network, each inside a
 * residual connection with a layer norm (after the add for norm "post", the paper; before the sublayer
 * for "pre", GPT-2), repeated N times.
 */
export function encoderBlockDiagram(opts: EncoderBlockDiagramOptions = {}): Diagram {
  const fn = "encoderBlockDiagram";
  const T = size(fn, "T", opts.T, "T");
  const dModel = size(fn, "dModel", opts.dModel, "d_model");
  const heads = size(fn, "heads", opts.heads, "h");
  const dFF = size(fn, "dFF", opts.dFF, "d_ff");
  const layers = size(fn, "layers", opts.layers, "N");
  const norm = normOption(fn, opts.norm);
  const act = activationOption(fn, opts.activation);
  headSize(fn, dModel, heads);
  const title = opts.title ?? `Encoder layer (${norm}-norm)`;
  const note = sizeNote([["T", T], ["d_model", dModel], ["h", heads], ["d_ff", dFF]]);
  const c = new Canvas(560, 0);
  const cx = 250;
  const inp = c.box(cx, 64, 230, 44, "tensor", "input: token vectors", shape(T, dModel));
  c.step(`input ${shape(T, dModel)}: embeddings + positions, or the previous layer's output`);
  let y = inp.y + 22 + 18;
  const frameTop = y - 6;
  y = sublayer(c, cx, y, "attention", `multi-head self-attention, ${heads} heads`, `every token attends to every token`, norm, 160);
  c.step(norm === "post" ? `h = LayerNorm(x + SelfAttention(x))  ${shape(T, dModel)}` : `h = x + SelfAttention(LayerNorm(x))  ${shape(T, dModel)}`);
  y = sublayer(c, cx, y + 14, "ffn", "feed-forward, each token alone", `${dModel} → ${dFF} → ${act} → ${dModel}`, norm, 160);
  c.step(norm === "post" ? `out = LayerNorm(h + FFN(h))  ${shape(T, dModel)}` : `out = h + FFN(LayerNorm(h))  ${shape(T, dModel)}`);
  c.frame(cx - 175, frameTop, 420, y - frameTop + 10, `× ${layers}`);
  c.step(`the layer is repeated ${layers} times, each with its own weights; shape in = shape out`);
  y += 10;
  if (norm === "pre") {
    const ln = c.box(cx, y + 34, 250, 32, "norm", "final LayerNorm");
    c.arrow([{ x: cx, y }, { x: cx, y: ln.y - 16 }]);
    y = ln.y + 16;
    c.step("pre-norm stacks end with one more LayerNorm");
  }
  const out = c.box(cx, y + 44, 250, 44, "output", "contextual vectors", shape(T, dModel));
  c.arrow([{ x: cx, y }, { x: cx, y: out.y - 22 }]);
  c.height = out.y + 22 + 44;
  legend(c, ["tensor", "attention", "ffn", "norm"]);
  return c.toDiagram(title, note);
}

function activationOption(fn: string, activation: unknown): string {
  if (activation === undefined) return "ReLU";
  if (typeof activation !== "string" || activation.trim() === "") {
    throw new QkvError(`${fn}: activation must be a non-empty name such as "ReLU" or "GELU", got ${JSON.stringify(activation)}`);
  }
  return activation;
}

function normOption(fn: string, norm: unknown): "post" | "pre" {
  if (norm === undefined) return "post";
  if (norm !== "post" && norm !== "pre") throw new QkvError(`${fn}: norm must be "post" or "pre", got ${JSON.stringify(norm)}`);
  return norm;
}

/**
 * The decoder layer: masked (causal) self-attention, cross-attention whose queries come from the
 * decoder and whose keys and values come from the encoder's output (the memory, S rows), and the
 * feed-forward network; each inside a residual connection with a layer norm.
 */
export function decoderBlockDiagram(opts: DecoderBlockDiagramOptions = {}): Diagram {
  const fn = "decoderBlockDiagram";
  const T = size(fn, "T", opts.T, "T");
  const S = size(fn, "S", opts.S, "S");
  const dModel = size(fn, "dModel", opts.dModel, "d_model");
  const heads = size(fn, "heads", opts.heads, "h");
  const dFF = size(fn, "dFF", opts.dFF, "d_ff");
  const layers = size(fn, "layers", opts.layers, "N");
  const norm = normOption(fn, opts.norm);
  const act = activationOption(fn, opts.activation);
  headSize(fn, dModel, heads);
  const title = opts.title ?? `Decoder layer with cross-attention (${norm}-norm)`;
  const note = sizeNote([["T", T], ["S", S], ["d_model", dModel], ["h", heads], ["d_ff", dFF]]);
  const c = new Canvas(640, 0);
  const cx = 370;
  const inp = c.box(cx, 64, 250, 44, "tensor", "target tokens so far", shape(T, dModel));
  c.step(`input ${shape(T, dModel)}: the target sequence (shifted right) as vectors`);
  let y = inp.y + 22 + 18;
  const frameTop = y - 6;
  y = sublayer(c, cx, y, "attention", "masked multi-head self-attention", `causal: scores ${shape(T, T)}, no future`, norm, 150);
  c.step(`masked self-attention: token i attends to tokens 0..i only, scores ${shape(T, T)}`);
  const crossStart = y + 14;
  y = sublayer(c, cx, crossStart, "attention", "multi-head cross-attention", `Q here, K and V memory: ${shape(T, S)}`, norm, 150);
  const crossBodyY = crossStart + 16 + 22 + (norm === "pre" ? 32 + 14 : 0);
  // The memory enters from the left, into the cross-attention's keys and values.
  const mem = c.box(95, crossBodyY, 150, 56, "tensor", "encoder output", `memory ${shape(S, dModel)}`);
  c.arrow([{ x: mem.x + 75, y: mem.y }, { x: cx - 125, y: crossBodyY }], { label: "K, V", labelAt: { x: (mem.x + 75 + cx - 125) / 2, y: crossBodyY - 9 }, anchor: "middle" });
  c.step(`cross-attention: queries from the decoder ${shape(T, dModel)}, keys and values from the encoder memory ${shape(S, dModel)}, scores ${shape(T, S)}`);
  y = sublayer(c, cx, y + 14, "ffn", "feed-forward, each token alone", `${dModel} → ${dFF} → ${act} → ${dModel}`, norm, 150);
  c.step(`feed-forward on each token: ${dModel} -> ${dFF} -> ${dModel}`);
  c.frame(cx - 165, frameTop, 365, y - frameTop + 10, `× ${layers}`);
  c.step(`each sublayer sits in a residual connection with a LayerNorm (${norm}-norm); the layer is repeated ${layers} times`);
  y += 10;
  if (norm === "pre") {
    const ln = c.box(cx, y + 34, 250, 32, "norm", "final LayerNorm");
    c.arrow([{ x: cx, y }, { x: cx, y: ln.y - 16 }]);
    y = ln.y + 16;
  }
  const out = c.box(cx, y + 44, 250, 44, "output", "decoder output", shape(T, dModel));
  c.arrow([{ x: cx, y }, { x: cx, y: out.y - 22 }]);
  c.height = out.y + 22 + 44;
  legend(c, ["tensor", "attention", "ffn", "norm"]);
  return c.toDiagram(title, note);
}

/** A compact stack: a frame holding one strip per sublayer. Returns the y of each strip's centre. */
function stack(c: Canvas, cx: number, top: number, strips: [Role, string][], caption: string): number[] {
  const w = 240, stripH = 30, gap = 10;
  const h = strips.length * (stripH + gap) + gap + 26;
  c.frame(cx - w / 2 - 14, top, w + 28, h, caption);
  return strips.map(([role, label], i) => c.box(cx - 8, top + 30 + i * (stripH + gap) + stripH / 2, w - 24, stripH, role, label).y);
}

/**
 * The full encoder-decoder Transformer: source tokens -> embedding + positions -> N encoder layers ->
 * memory; target tokens (shifted right) -> embedding + positions -> N decoder layers, each reading the
 * memory through cross-attention -> a linear layer to the vocabulary -> softmax: next-token probabilities.
 */
export function encoderDecoderDiagram(opts: EncoderDecoderDiagramOptions = {}): Diagram {
  const fn = "encoderDecoderDiagram";
  const S = size(fn, "S", opts.S, "S");
  const T = size(fn, "T", opts.T, "T");
  const dModel = size(fn, "dModel", opts.dModel, "d_model");
  const heads = size(fn, "heads", opts.heads, "h");
  const dFF = size(fn, "dFF", opts.dFF, "d_ff");
  const layers = size(fn, "layers", opts.layers, "N");
  const vocab = size(fn, "vocab", opts.vocab, "V");
  headSize(fn, dModel, heads);
  const title = opts.title ?? `Encoder-decoder Transformer`;
  const note = sizeNote([["S", S], ["T", T], ["d_model", dModel], ["h", heads], ["N", layers], ["V", vocab]]);
  const c = new Canvas(760, 720);
  const ex = 200, dx = 540;

  const src = c.box(ex, 64, 230, 44, "tensor", "source token ids", shape(S));
  const tgt = c.box(dx, 64, 230, 44, "tensor", "target ids, shifted right", shape(T));
  const eEmb = c.box(ex, 144, 230, 44, "embed", "embedding + positional enc.", shape(S, dModel));
  const dEmb = c.box(dx, 144, 230, 44, "embed", "embedding + positional enc.", shape(T, dModel));
  c.arrow([{ x: ex, y: src.y + 22 }, { x: ex, y: eEmb.y - 22 }]);
  c.arrow([{ x: dx, y: tgt.y + 22 }, { x: dx, y: dEmb.y - 22 }]);
  c.step(`source ${shape(S)} -> embedding + positions ${shape(S, dModel)}; target (shifted right) ${shape(T)} -> ${shape(T, dModel)}`);

  stack(c, ex, 196, [["attention", `self-attention, ${heads} heads`], ["norm", "add & LayerNorm"], ["ffn", `feed-forward ${dModel}→${dFF}→${dModel}`], ["norm", "add & LayerNorm"]], `encoder × ${layers}`);
  c.arrow([{ x: ex, y: eEmb.y + 22 }, { x: ex, y: 196 }]);
  const encBottom = 196 + 4 * 40 + 10 + 26;
  const mem = c.box(ex, encBottom + 52, 230, 44, "tensor", "memory (encoder output)", shape(S, dModel));
  c.arrow([{ x: ex, y: encBottom }, { x: ex, y: mem.y - 22 }]);
  c.step(`encoder: ${layers} layers of self-attention + feed-forward -> memory ${shape(S, dModel)}`);

  const decStrips = stack(
    c,
    dx,
    196,
    [["attention", "masked self-attention"], ["norm", "add & LayerNorm"], ["attention", "cross-attention"], ["norm", "add & LayerNorm"], ["ffn", `feed-forward ${dModel}→${dFF}→${dModel}`], ["norm", "add & LayerNorm"]],
    `decoder × ${layers}`,
  );
  c.arrow([{ x: dx, y: dEmb.y + 22 }, { x: dx, y: 196 }]);
  const crossY = decStrips[2]!;
  c.arrow([{ x: mem.x + 115, y: mem.y }, { x: 370, y: mem.y }, { x: 370, y: crossY }, { x: dx - 8 - 108, y: crossY }], {
    label: "K, V",
    labelAt: { x: 376, y: (mem.y + crossY) / 2 },
  });
  const decBottom = 196 + 6 * 40 + 10 + 26;
  c.step(`decoder: ${layers} layers of masked self-attention, cross-attention (K, V from the memory) and feed-forward -> ${shape(T, dModel)}`);
  const lin = c.box(dx, decBottom + 50, 230, 40, "linear", "linear to the vocabulary", shape(dModel, vocab));
  c.arrow([{ x: dx, y: decBottom }, { x: dx, y: lin.y - 20 }]);
  const soft = c.box(dx, lin.y + 72, 230, 40, "attention", "softmax over the vocabulary", `logits ${shape(T, vocab)}`);
  c.arrow([{ x: dx, y: lin.y + 20 }, { x: dx, y: soft.y - 20 }]);
  const out = c.box(dx, soft.y + 72, 230, 44, "output", "next-token probabilities", shape(T, vocab));
  c.arrow([{ x: dx, y: soft.y + 20 }, { x: dx, y: out.y - 22 }]);
  c.step(`linear ${shape(dModel, vocab)} + softmax -> next-token probabilities ${shape(T, vocab)}: row i predicts target token i + 1`);
  legend(c, ["tensor", "embed", "attention", "ffn", "norm", "linear"], 706);
  return c.toDiagram(title, note);
}

const ROLE_NAMES: Record<Role, string> = {
  tensor: "tensor",
  linear: "learned projection",
  attention: "attention / softmax",
  norm: "layer norm",
  ffn: "feed-forward",
  embed: "embedding",
  op: "fixed computation",
  output: "result",
};

/** A one-line key to the colours used in the figure. */
function legend(c: Canvas, roles: Role[], y = c.height - 14): void {
  let x = 16;
  for (const r of roles) {
    c.rect(x, y - 10, 14, 12, ROLE[r].fill, ROLE[r].stroke, ` stroke-width="1.5" rx="2"`);
    c.label(x + 20, y, ROLE_NAMES[r], 11, MUTED, "400", false, "start");
    x += 20 + ROLE_NAMES[r].length * 6.2 + 18;
  }
}
