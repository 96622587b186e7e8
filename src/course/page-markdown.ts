// Markdown for lecture pages: markdown-it with TeX math rendered by KaTeX at build time (so the page
// needs no script for math) and code highlighted by highlight.js at build time.
//   inline math: $a^2 + b^2$        (no space after the opening $ or before the closing $, so "$5 and $10" stays text)
//   display math: $$ … $$           (on their own lines, or inline within a paragraph)
import hljs from "highlight.js";
import katex from "katex";
import MarkdownIt from "markdown-it";
import type { StateBlock, StateInline, Token } from "markdown-it";
import { escapeHtml } from "../viz/show.js";

type MarkdownItInstance = InstanceType<typeof MarkdownIt>;

function renderMath(tex: string, displayMode: boolean): string {
  // throwOnError: false draws a bad formula in red with KaTeX's message as its title, instead of
  // failing the whole page; the lesson author sees it on the page.
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: "htmlAndMathml" });
}

/** Highlighted HTML for code; unknown languages are escaped as plain text. */
export function highlightCode(code: string, language: string): string {
  const lang = language === "ts" ? "typescript" : language;
  if (lang && hljs.getLanguage(lang)) return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  return escapeHtml(code);
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24 /* $ */) return false;
  const display = src.charCodeAt(start + 1) === 0x24;
  const open = display ? 2 : 1;
  if (!display) {
    const next = src[start + 1];
    if (next === undefined || /\s/.test(next)) return false;
  }
  let end = start + open;
  for (;;) {
    end = src.indexOf(display ? "$$" : "$", end);
    if (end < 0) return false;
    if (src[end - 1] === "\\") {
      end += 1;
      continue;
    }
    break;
  }
  const content = src.slice(start + open, end);
  if (content.trim() === "") return false;
  if (!display) {
    if (/\s/.test(content[content.length - 1]!)) return false;
    // "$5 and $10": a closing $ followed by a digit is a price, not math.
    if (/\d/.test(src[end + 1] ?? "")) return false;
  }
  if (!silent) {
    const token = state.push(display ? "math_display_inline" : "math_inline", "math", 0);
    token.content = content;
  }
  state.pos = end + open;
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineStart = state.bMarks[startLine]! + state.tShift[startLine]!;
  const lineEnd = state.eMarks[startLine]!;
  const first = state.src.slice(lineStart, lineEnd);
  if (!first.startsWith("$$")) return false;
  if (silent) return true;
  let body = first.slice(2);
  let line = startLine;
  let closed = false;
  if (body.trimEnd().endsWith("$$") && body.trim().length >= 2) {
    body = body.trimEnd().slice(0, -2);
    closed = true;
  }
  const parts = [body];
  while (!closed) {
    line += 1;
    if (line >= endLine) break;
    const text = state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!);
    if (text.trimEnd().endsWith("$$")) {
      parts.push(text.trimEnd().slice(0, -2));
      closed = true;
    } else parts.push(text);
  }
  if (!closed) return false;
  state.line = line + 1;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = parts.join("\n").trim();
  token.map = [startLine, state.line];
  return true;
}

/** A markdown-it instance for lecture pages: HTML allowed (lessons are trusted, written by the course), math, highlighting. */
export function createMarkdown(): MarkdownItInstance {
  const md = new MarkdownIt({
    html: true,
    linkify: false,
    typographer: true,
    highlight: (code, lang) => `<pre class="hljs"><code>${highlightCode(code, lang)}</code></pre>`,
  });
  md.inline.ruler.after("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.renderer.rules["math_inline"] = (tokens: Token[], i: number) => renderMath(tokens[i]!.content, false);
  md.renderer.rules["math_display_inline"] = (tokens: Token[], i: number) => renderMath(tokens[i]!.content, true);
  md.renderer.rules["math_block"] = (tokens: Token[], i: number) =>
    `<div class="math-display">${renderMath(tokens[i]!.content, true)}</div>\n`;
  return md;
}

/**
 * Renders markdown and splits the result at its level-2 headings: each part is HTML, and `startsAtH2`
 * says whether the part begins with a "## " heading (a slide boundary on lecture pages).
 */
export function renderMarkdownParts(md: MarkdownItInstance, source: string): { html: string; startsAtH2: boolean }[] {
  const env = {};
  const tokens = md.parse(source, env);
  const parts: { tokens: Token[]; startsAtH2: boolean }[] = [{ tokens: [], startsAtH2: false }];
  for (const t of tokens) {
    if (t.type === "heading_open" && t.tag === "h2" && t.level === 0) {
      parts.push({ tokens: [], startsAtH2: true });
    }
    parts[parts.length - 1]!.tokens.push(t);
  }
  return parts
    .filter((p) => p.tokens.length > 0)
    .map((p) => ({ html: md.renderer.render(p.tokens, md.options, env), startsAtH2: p.startsAtH2 }));
}
