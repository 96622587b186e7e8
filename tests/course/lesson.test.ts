import { describe, expect, it } from "vitest";
import { basename, join } from "node:path";
import { LessonError, listLessonFiles, parseLesson, parseLessonSource, selectLessonFiles } from "../../src/course/lesson.js";

const FRONT = `---
title: Self-attention
minutes: 45
objectives:
  - Compute attention weights
  - "Explain the scaling: why √d"
exercises: [04.1, 04.2]
---
`;

/** Parses `body` after a valid front matter (which takes lines 1-8, so the body starts on line 9). */
function parseBody(body: string, file = "lessons/04-self-attention.md") {
  return parseLessonSource(FRONT + body, file);
}

/** The error a bad lesson gives (fails the test if it parses). */
function errorOf(text: string, file = "lessons/04-self-attention.md"): LessonError {
  try {
    parseLessonSource(text, file);
  } catch (e) {
    if (e instanceof LessonError) return e;
    throw e;
  }
  throw new Error("expected a LessonError, but the lesson parsed");
}

describe("parseLessonSource: front matter", () => {
  it("reads title, minutes, objectives and exercises, and number and slug from the file name", () => {
    const lesson = parseBody("Text.\n\n```ts\nconst a = 1;\n```\n");
    expect(lesson.meta).toEqual({
      number: "04",
      slug: "04-self-attention",
      title: "Self-attention",
      minutes: 45,
      objectives: ["Compute attention weights", "Explain the scaling: why √d"],
      exercises: ["04.1", "04.2"],
    });
    expect(lesson.file).toBe("lessons/04-self-attention.md");
  });

  it("accepts block lists for exercises and [] for none", () => {
    const text = (ex: string) => `---\ntitle: T\nminutes: 5\nobjectives: [one, two]\n${ex}\n---\n\n\`\`\`ts\n1\n\`\`\`\n`;
    expect(parseLessonSource(text("exercises:\n  - 04.1\n  - 04.3"), "lessons/04-x.md").meta.exercises).toEqual(["04.1", "04.3"]);
    expect(parseLessonSource(text("exercises: []"), "lessons/04-x.md").meta.exercises).toEqual([]);
    expect(parseLessonSource(text("exercises: []"), "lessons/04-x.md").meta.objectives).toEqual(["one", "two"]);
  });

  const cases: [string, string, RegExp][] = [
    ["no front matter", "# Title\n\n```ts\n1\n```\n", /04-x\.md:1: missing front matter/],
    ["unclosed front matter", "---\ntitle: T\nminutes: 5\n", /04-x\.md:1: front matter opened on line 1 is never closed/],
    ["an unknown key", "---\ntitle: T\nminuts: 5\n---\n", /04-x\.md:3: front matter: unknown key "minuts"/],
    ["a missing key", "---\ntitle: T\nminutes: 5\nobjectives: [a]\n---\n```ts\n1\n```\n", /04-x\.md:1: front matter: "exercises" is missing/],
    ["a duplicated key", "---\ntitle: T\ntitle: U\n---\n", /04-x\.md:3: front matter: "title" is given twice/],
    ["minutes that are not a whole number", "---\ntitle: T\nminutes: 1.5\nobjectives: [a]\nexercises: []\n---\n", /04-x\.md:3: .*"minutes" must be a positive whole number, got "1.5"/],
    ["an exercise of another lesson", "---\ntitle: T\nminutes: 5\nobjectives: [a]\nexercises: [05.1]\n---\n", /04-x\.md:5: .*exercise id "05.1" must look like 04.1/],
    ["no objectives", "---\ntitle: T\nminutes: 5\nobjectives: []\nexercises: []\n---\n", /04-x\.md:4: .*"objectives" needs at least one item/],
    ["a list item without a list", "---\ntitle: T\n  - stray\n---\n", /04-x\.md:3: .*must follow a "key:" line/],
    ["a title given as a list", "---\ntitle:\n  - a\nminutes: 5\nobjectives: [a]\nexercises: []\n---\n", /04-x\.md:2: .*"title" must be text/],
  ];
  for (const [what, text, message] of cases) {
    it(`rejects ${what}, naming file and line`, () => {
      const error = errorOf(text, "lessons/04-x.md");
      expect(error.message).toMatch(message);
      expect(error.file).toBe("lessons/04-x.md");
    });
  }

  it("rejects a file name that is not NN-slug.md", () => {
    expect(errorOf(FRONT, "lessons/4-attention.md").message).toMatch(/lessons\/4-attention\.md:1: lesson file names look like NN-slug\.md/);
  });
});

describe("parseLessonSource: cells and slides", () => {
  const body = [
    "Intro with math $a_i = \\sum_j w_{ij}$.", // line 9
    "",
    "$$",
    "\\mathrm{softmax}(x)_i = e^{x_i} / \\sum_j e^{x_j}",
    "$$",
    "",
    "```ts", // 15
    "const x = 1;", // 16
    "console.log(x);",
    "```",
    "",
    "Between the cells.", // 20
    "",
    "```text",
    "not a cell",
    "```",
    "",
    "## A new slide", // 26
    "",
    "More prose.",
    "",
    "```ts show-only", // 30
    "const shown = true;",
    "```",
    "",
    "<!-- slide -->", // 34
    "",
    "```ts", // 36
    "x + 1",
    "```",
    "",
  ].join("\n");

  it("splits prose and ```ts fences into cells with their lines", () => {
    const { cells } = parseBody(body);
    expect(cells.map((c) => [c.kind, c.line, c.showOnly ?? false, c.slide ?? false])).toEqual([
      ["markdown", 9, false, true],
      ["code", 16, false, false],
      ["markdown", 20, false, false],
      ["markdown", 26, false, true],
      ["code", 31, true, false],
      ["code", 37, false, true],
    ]);
  });

  it("keeps the prose (math, prose fences) verbatim and drops markers", () => {
    const { cells } = parseBody(body);
    expect(cells[0].source).toBe("Intro with math $a_i = \\sum_j w_{ij}$.\n\n$$\n\\mathrm{softmax}(x)_i = e^{x_i} / \\sum_j e^{x_j}\n$$");
    expect(cells[1].source).toBe("const x = 1;\nconsole.log(x);");
    expect(cells[2].source).toBe("Between the cells.\n\n```text\nnot a cell\n```");
    expect(cells[3].source).toBe("## A new slide\n\nMore prose.");
    expect(cells.some((c) => c.source.includes("<!--"))).toBe(false);
  });

  it("marks a ```ts timed fence as a code cell that runs and measures time", () => {
    const { cells } = parseBody("Prose.\n\n```ts timed\nconst t0 = performance.now();\n```\n\n```ts\n1\n```\n");
    expect(cells.map((c) => [c.kind, c.timed ?? false, c.showOnly ?? false])).toEqual([
      ["markdown", false, false],
      ["code", true, false],
      ["code", false, false],
    ]);
  });

  it("treats a ``` line inside a longer ```` fence as code, as markdown does", () => {
    const { cells } = parseBody("````ts\nconst s = `\n```\n`;\n````\n");
    expect(cells).toHaveLength(1);
    expect(cells[0].source).toBe("const s = `\n```\n`;");
  });

  const bad: [string, string, RegExp][] = [
    ["an unclosed fence", "Text.\n\n```ts\nconst a = 1;\n", /04-self-attention\.md:11: unclosed fence/],
    ["an unknown marker", "Text.\n\n<!-- slyde -->\n\n```ts\n1\n```\n", /04-self-attention\.md:11: unknown marker <!-- slyde -->/],
    ["a marker inside a paragraph", "Text <!-- slide --> more.\n\n```ts\n1\n```\n", /04-self-attention\.md:9: <!-- slide --> must stand alone/],
    ["an unknown comment inside a paragraph", "Text <!-- todo --> more.\n\n```ts\n1\n```\n", /04-self-attention\.md:9: unknown marker <!-- todo -->/],
    ["an unknown fence language", "```rust\nlet x = 1;\n```\n\n```ts\n1\n```\n", /04-self-attention\.md:9: unknown fence language "rust"/],
    ["a fence without a language", "```\nx = 1\n```\n\n```ts\n1\n```\n", /04-self-attention\.md:9: a fence without a language/],
    ["an unknown fence option", "```ts hidden\n1\n```\n", /04-self-attention\.md:9: unknown fence option "hidden"/],
    ["a ```ts fence inside a list", "- item\n\n  ```ts\n  1\n  ```\n\n```ts\n2\n```\n", /04-self-attention\.md:11: a ```ts cell must be at the top level/],
    ["an empty cell", "```ts\n\n```\n", /04-self-attention\.md:9: empty ```ts cell/],
    ["a lesson with nothing to run", "Only prose.\n\n```ts show-only\n1\n```\n", /needs at least one ```ts cell that runs/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what}, naming file and line`, () => {
      expect(errorOf(FRONT + text).message).toMatch(message);
    });
  }
});

describe("the course's lessons", () => {
  const dir = join(import.meta.dirname, "..", "..", "lessons");
  const files = listLessonFiles(dir).map((f) => basename(f));

  it("include lesson 00, the tour, with its three exercises and its review (00.4)", () => {
    expect(files).toContain("00-tour.md");
    expect(parseLesson(join(dir, "00-tour.md")).meta.exercises).toEqual(["00.1", "00.2", "00.3", "00.4"]);
  });

  for (const f of files) {
    it(`${f} parses, with a title cell's worth of prose and code cells`, () => {
      const lesson = parseLesson(join(dir, f));
      expect(lesson.meta.slug).toBe(f.slice(0, -3));
      expect(lesson.cells.filter((c) => c.kind === "code" && !c.showOnly).length).toBeGreaterThan(0);
      expect(lesson.cells[0].slide).toBe(true);
    });
  }
});

describe("selectLessonFiles", () => {
  const files = ["lessons/00-tour.md", "lessons/04-self-attention.md", "lessons/05-masking.md"];

  it("finds lessons by number (with or without the leading zero) or slug, in course order", () => {
    expect(selectLessonFiles(files, ["05", "4"])).toEqual(["lessons/04-self-attention.md", "lessons/05-masking.md"]);
    expect(selectLessonFiles(files, ["00-tour", "0"])).toEqual(["lessons/00-tour.md"]);
  });

  it("names the lessons there are when a word names none", () => {
    expect(() => selectLessonFiles(files, ["07"])).toThrow(/no lesson "07".*00-tour, 04-self-attention, 05-masking/);
    expect(() => selectLessonFiles(files, ["04-self"])).toThrow(/no lesson "04-self"/);
  });
});
