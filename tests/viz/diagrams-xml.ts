// A strict little XML reader for the diagram tests: it parses what the diagrams emit (elements,
// attributes in double quotes, text, the five predefined entities and numeric references) and throws on
// anything that is not well-formed XML (unclosed or misnested tags, duplicate or unquoted attributes,
// a raw "<" or "&" in text or in an attribute value, more than one root, text outside the root).

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (its text nodes joined, entities decoded). */
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;

function decode(raw: string, where: string): string {
  if (raw.includes("<")) throw new Error(`xml: raw "<" in ${where}`);
  return raw.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(";")) throw new Error(`xml: "&" without ";" in ${where}: ${JSON.stringify(m)}`);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (body in named) return named[body]!;
    if (/^#\d+$/.test(body)) return String.fromCodePoint(Number(body.slice(1)));
    if (/^#x[0-9a-fA-F]+$/.test(body)) return String.fromCodePoint(parseInt(body.slice(2), 16));
    throw new Error(`xml: unknown entity &${body}; in ${where}`);
  });
}

export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < source.length) {
    if (source.startsWith("<!--", i)) {
      const end = source.indexOf("-->", i);
      if (end < 0) throw new Error("xml: unclosed comment");
      i = end + 3;
      continue;
    }
    if (source[i] === "<") {
      if (source[i + 1] === "/") {
        const m = NAME.exec(source.slice(i + 2));
        if (!m) throw new Error(`xml: bad end tag at ${i}`);
        const close = source.indexOf(">", i);
        if (source.slice(i + 2 + m[0].length, close).trim() !== "") throw new Error(`xml: junk in end tag </${m[0]}>`);
        const open = stack.pop();
        if (!open || open.name !== m[0]) throw new Error(`xml: </${m[0]}> closes <${open?.name ?? "nothing"}>`);
        i = close + 1;
        continue;
      }
      const m = NAME.exec(source.slice(i + 1));
      if (!m) throw new Error(`xml: bad start tag at ${i}: ${JSON.stringify(source.slice(i, i + 20))}`);
      const el: XmlElement = { name: m[0], attrs: {}, children: [], text: "" };
      i += 1 + m[0].length;
      for (;;) {
        const ws = /^\s*/.exec(source.slice(i))![0];
        i += ws.length;
        if (source.startsWith("/>", i) || source[i] === ">") break;
        if (ws.length === 0) throw new Error(`xml: attributes of <${el.name}> need white space between them`);
        const a = /^([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(source.slice(i));
        if (!a) throw new Error(`xml: bad attribute in <${el.name}>: ${JSON.stringify(source.slice(i, i + 30))}`);
        if (a[1]! in el.attrs) throw new Error(`xml: duplicate attribute ${a[1]} in <${el.name}>`);
        el.attrs[a[1]!] = decode(a[2]!, `attribute ${a[1]} of <${el.name}>`);
        i += a[0].length;
      }
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) throw new Error(`xml: a second root element <${el.name}>`);
      else root = el;
      if (source.startsWith("/>", i)) {
        i += 2;
      } else {
        i += 1;
        stack.push(el);
      }
      continue;
    }
    const next = source.indexOf("<", i);
    const raw = source.slice(i, next < 0 ? source.length : next);
    const parent = stack[stack.length - 1];
    if (parent) parent.text += decode(raw, `text of <${parent.name}>`);
    else if (raw.trim() !== "") throw new Error(`xml: text outside the root element: ${JSON.stringify(raw.slice(0, 30))}`);
    i = next < 0 ? source.length : next;
  }
  if (stack.length > 0) throw new Error(`xml: <${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error("xml: no element");
  return root;
}

/** Every element of the tree, depth first, with the sum of the translate() offsets of its ancestors. */
export function walk(el: XmlElement, dx = 0, dy = 0, out: { el: XmlElement; dx: number; dy: number }[] = []) {
  out.push({ el, dx, dy });
  const t = /translate\(\s*(-?[\d.]+)[\s,]+(-?[\d.]+)\s*\)/.exec(el.attrs["transform"] ?? "");
  const [cx, cy] = t ? [dx + Number(t[1]), dy + Number(t[2])] : [dx, dy];
  for (const c of el.children) walk(c, cx, cy, out);
  return out;
}
