import { describe, expect, it } from "vitest";
import { parseLessonSource } from "../../src/course/lesson.js";
import { formatPreflight, runLesson } from "../../src/course/runner.js";
import type { DisplayItem } from "../../src/course/types.js";

/** A lesson made of these code cells (each becomes one ```ts fence). Front matter = lines 1-6. */
function lessonOf(cells: string[], file = "lessons/09-runner.md") {
  const body = cells.map((c) => "```ts\n" + c + "\n```\n").join("\n");
  return parseLessonSource(`---\ntitle: Runner test\nminutes: 1\nobjectives: [run]\nexercises: []\n---\n\n${body}`, file);
}

const texts = (outputs: DisplayItem[]) => outputs.map((o) => (o.kind === "text" ? o.text : `<${o.kind}>`));

describe("runLesson: notebook semantics", () => {
  it("shares one top-level scope across cells: const, let, destructuring, functions, classes, imports", async () => {
    const run = await runLesson(
      lessonOf([
        [
          'import { tensor } from "qkv";',
          "const a: number = 2, { b, c = 3 } = { b: 5 } as { b: number; c?: number };",
          "let unset: string | undefined;",
          "const [first, , third] = [10, 20, 30];",
          "function twice(x: number): number { return 2 * x; }",
          "class Counter { n = 0; inc(): number { return ++this.n; } }",
        ].join("\n"),
        "const counter = new Counter();\ncounter.inc();\nconsole.log(a, b, c, unset, first, third, twice(a), counter.inc(), tensor([1, 2]).shape);",
      ]),
    );
    expect(run.ok).toBe(true);
    expect(texts(run.cells[1].outputs)).toEqual(["2 5 3 undefined 10 30 4 2 [ 2 ]"]);
  });

  it("supports top-level await and prints the last expression's value like tslab", async () => {
    const run = await runLesson(
      lessonOf([
        "const v = await new Promise<number>((resolve) => setTimeout(() => resolve(41), 5));\nv + 1",
        "console.log('logged');\nundefined",
        "({ x: [1, 2], s: 'str' })",
      ]),
    );
    expect(run.cells.map((c) => texts(c.outputs))).toEqual([["42"], ["logged"], ["{ x: [ 1, 2 ], s: 'str' }"]]);
  });

  it("lets a later cell redeclare a name, as tslab does", async () => {
    const run = await runLesson(lessonOf(["const n = 1;", "const n = 2;\nconsole.log(n);"]));
    expect(run.ok).toBe(true);
    expect(texts(run.cells[1].outputs)).toEqual(["2"]);
  });

  it("keeps imports that the cell itself does not use (a later cell may)", async () => {
    const run = await runLesson(lessonOf(['import { tensor, zeros } from "qkv";', "console.log(zeros([2]).shape, typeof tensor);"]));
    expect(texts(run.cells[1].outputs)).toEqual(["[ 2 ] function"]);
  });

  it("supports dynamic import() in a cell", async () => {
    const run = await runLesson(lessonOf(['const { tensor: make } = await import("qkv");\nconst load = () => import("node:path");\nconsole.log(make([3]).shape, (await load()).basename("/a/b.md"));']));
    expect(run.cells[0].error).toBeUndefined();
    expect(texts(run.cells[0].outputs)).toEqual(["[ 1 ] b.md"]);
  });

  it("captures show() from qkv as display items, between console text, in order", async () => {
    const run = await runLesson(
      lessonOf(['import { show, markdown, bar } from "qkv";\nconsole.log("before");\nshow(markdown("**hi**"));\nshow(bar([1, 2], ["a", "b"]));\nconsole.log("after");']),
    );
    const outputs = run.cells[0].outputs;
    expect(outputs.map((o) => o.kind)).toEqual(["text", "markdown", "plotly", "text"]);
    expect(outputs[1]).toEqual({ kind: "markdown", markdown: "**hi**" });
    const fig = outputs[2];
    expect(fig.kind === "plotly" && fig.figure.data[0]["type"]).toBe("bar");
  });

  it("gives each lesson a fresh scope: names do not leak from one lesson into the next", async () => {
    await runLesson(lessonOf(["const leaked = 1;"]));
    const run = await runLesson(lessonOf(["console.log(leaked);"]));
    expect(run.ok).toBe(false);
    expect(run.cells[0].error?.message).toBe("ReferenceError: leaked is not defined");
  });

  it("a cell cannot see names of a cell further down", async () => {
    const run = await runLesson(lessonOf(["console.log(later);", "const later = 1;"]));
    expect(run.cells[0].error?.message).toMatch(/ReferenceError: later is not defined/);
  });
});

describe("runLesson: failures, stderr and timing", () => {
  it("records an error with the lesson line it was thrown from, and does not run later cells", async () => {
    const lesson = lessonOf([
      "console.log('fine');", // lines 9
      [
        "interface Shape { w: number }", // 13: removed by the compiler, so the source map matters
        "type Area = number;",
        "const s: Shape = { w: 2 };",
        "function area(x: Shape): Area {",
        "  if (x.w > 1) throw new RangeError(`too wide: ${x.w}`);", // 17
        "  return x.w;",
        "}",
        "area(s);",
      ].join("\n"),
      "console.log('never');",
    ]);
    expect(lesson.cells.map((c) => c.line)).toEqual([9, 13, 24]);
    const run = await runLesson(lesson);
    expect(run.ok).toBe(false);
    expect(run.cells[1].error).toEqual({ message: "RangeError: too wide: 2", line: 17 });
    expect(run.cells[2]).toMatchObject({ notRun: true, outputs: [], ms: 0 });
    const report = formatPreflight(run);
    expect(report).toContain("FAILED at lessons/09-runner.md:17: RangeError: too wide: 2");
    expect(report).toContain("not run  lessons/09-runner.md:24");
    expect(report).toMatch(/total \d+\.\d\d s: 1 failed, 0 wrote to stderr/);
  });

  it("maps an error thrown inside a function declared in an earlier cell to that cell's line", async () => {
    const run = await runLesson(lessonOf(["const f = (n: number) => {\n  throw new Error(`bad ${n}`);\n};", "f(3);"]));
    expect(run.cells[1].error).toEqual({ message: "Error: bad 3", line: 10 });
  });

  it("reports a syntax error with its line, and errors from a rejected await", async () => {
    const bad = await runLesson(lessonOf(["const ok = 1;\nconst = 2;"]));
    expect(bad.cells[0].error?.line).toBe(10);
    expect(bad.cells[0].error?.message).toMatch(/^TypeScript: /);
    const rejected = await runLesson(lessonOf(["await Promise.reject(new TypeError('nope'));"]));
    expect(rejected.cells[0].error).toEqual({ message: "TypeError: nope", line: 9 });
  });

  it("rejects relative imports (lessons import packages by name)", async () => {
    const run = await runLesson(lessonOf(['import { x } from "../src/index.js";']));
    expect(run.cells[0].error?.message).toMatch(/lessons import packages by name/);
  });

  it("captures console.error as output and flags it as stderr, which the pre-flight report shows", async () => {
    const run = await runLesson(lessonOf(["console.log('out');\nconsole.warn('careful');"]));
    expect(run.ok).toBe(true);
    expect(texts(run.cells[0].outputs)).toEqual(["out\ncareful"]);
    expect(run.cells[0].stderr).toBe("careful");
    expect(formatPreflight(run)).toContain("wrote to stderr: careful");
  });

  it("restores console after each cell, even when the cell throws", async () => {
    const log = console.log;
    await runLesson(lessonOf(["throw new Error('x');"]));
    expect(console.log).toBe(log);
  });

  it("times each code cell; prose and show-only cells take no time", async () => {
    const lesson = parseLessonSource(
      "---\ntitle: T\nminutes: 1\nobjectives: [a]\nexercises: []\n---\n\nProse.\n\n```ts show-only\nwhile (true) {}\n```\n\n```ts\nconst t0 = Date.now();\nwhile (Date.now() - t0 < 30) {}\n```\n",
      "lessons/09-timing.md",
    );
    const run = await runLesson(lesson);
    expect(run.cells.map((c) => c.ms > 0)).toEqual([false, false, true]);
    expect(run.cells[2].ms).toBeGreaterThanOrEqual(29);
    expect(run.totalMs).toBeGreaterThanOrEqual(run.cells[2].ms);
  });
});
