// The import structure DESIGN.md promises: no import cycles in src/, and the library areas (tensor …
// io, viz) never import the course tools (only the public face, src/index.ts, re-exports check()). Type-only imports are erased at run time and not counted.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Relative imports of a file that exist at run time (not `import type`, not `{ type A, type B }`). */
export function runtimeImports(file: string, text: string): string[] {
  const deps: string[] = [];
  const statement = /^(?:import|export)\s+([^;]*?)\s*from\s+"(\.[^"]+)"/gms;
  for (const m of text.matchAll(statement)) {
    const clause = m[1].trim();
    if (clause.startsWith("type ")) continue;
    const named = /^\{([^}]*)\}$/.exec(clause);
    if (named && named[1].split(",").map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith("type "))) continue;
    deps.push(resolve(dirname(file), m[2].replace(/\.js$/, ".ts")));
  }
  for (const m of text.matchAll(/^import\s+"(\.[^"]+)"/gm)) deps.push(resolve(dirname(file), m[1].replace(/\.js$/, ".ts")));
  return deps;
}

/** Strongly connected components with more than one file (Tarjan), or a file importing itself. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

const graph = new Map(sourceFiles(SRC).map((f) => [f, runtimeImports(f, readFileSync(f, "utf8"))]));
const rel = (f: string) => relative(SRC, f);

describe("src/ import structure", () => {
  it("finds a cycle when there is one (the checker itself works)", () => {
    const g = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
    expect(importCycles(g)).toEqual([["a", "b", "c"]]);
    expect(runtimeImports("/x/a.ts", 'import type { T } from "./t.js";\nimport { type U } from "./u.js";\nimport { v } from "./v.js";\nimport "./w.js";'))
      .toEqual(["/x/v.ts", "/x/w.ts"]);
  });

  it("has no import cycles", () => {
    expect(importCycles(graph).map((c) => c.map(rel).join(" -> "))).toEqual([]);
  });

  it("the library never imports the course tools", () => {
    const upward = [...graph].flatMap(([file, deps]) =>
      rel(file).startsWith("course/") || rel(file) === "index.ts" ? [] : deps.filter((d) => rel(d).startsWith("course/")).map((d) => `${rel(file)} -> ${rel(d)}`),
    );
    expect(upward).toEqual([]);
  });
});
