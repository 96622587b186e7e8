import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite, readScores, renderIndexPage, serveSite } from "../../src/course/site.js";

const root = mkdtempSync(join(tmpdir(), "qkv-site-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const lesson = `---
title: Tiny
minutes: 5
objectives:
  - Draw a bar chart
exercises: []
---

Some prose with $x^2$.

\`\`\`ts
import { bar, show } from "qkv";
show(bar([0.7, 0.3], ["yes", "no"]));
console.log("printed");
\`\`\`
`;

describe("buildSite", () => {
  it("runs each lesson, writes its page, copies its notebook and lists it in the index", async () => {
    const lessons = join(root, "lessons");
    const notebooks = join(root, "notebooks");
    mkdirSync(lessons);
    mkdirSync(notebooks);
    writeFileSync(join(lessons, "01-tiny.md"), lesson);
    writeFileSync(join(lessons, "02-broken.md"), "no front matter\n");
    writeFileSync(join(notebooks, "01-tiny.ipynb"), '{"cells": []}');
    const out = join(root, "site");
    const build = await buildSite({ lessonsDir: lessons, notebooksDir: notebooks, outDir: out, showProgress: false });
    expect(build.lessons.map((l) => [l.meta?.slug, l.ok])).toEqual([["01-tiny", true], [undefined, false]]);
    expect(build.lessons[1]!.problem).toMatch(/02-broken\.md:1: missing front matter/);
    const page = readFileSync(join(out, "01-tiny.html"), "utf8");
    expect(page).toContain("printed");
    expect(page).toContain('data-figure="figure-1"');
    expect(page).toContain('href="notebooks/01-tiny.ipynb"');
    expect(readFileSync(join(out, "notebooks", "01-tiny.ipynb"), "utf8")).toBe('{"cells": []}');
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toContain('<a href="01-tiny.html">Tiny</a>');
    expect(index).toContain("<li>Draw a bar chart</li>");
    expect(index).toContain("This lesson could not be built");
  });
});

describe("buildSite's page reuse", () => {
  it("keeps an up-to-date page, and runs a lesson again when its file changes", async () => {
    const dir = join(root, "reuse");
    const lessons = join(dir, "lessons");
    mkdirSync(lessons, { recursive: true });
    writeFileSync(join(lessons, "01-tiny.md"), lesson);
    const opts = { lessonsDir: lessons, notebooksDir: join(dir, "notebooks"), outDir: join(dir, "site"), showProgress: false };
    const first = await buildSite(opts);
    expect(first.lessons.map((l) => [l.ok, l.cached ?? false])).toEqual([[true, false]]);
    const second = await buildSite(opts);
    expect(second.lessons.map((l) => [l.ok, l.cached ?? false, l.page])).toEqual([[true, true, "01-tiny.html"]]);
    writeFileSync(join(lessons, "01-tiny.md"), lesson + "\nOne more line of prose.\n");
    const third = await buildSite(opts);
    expect(third.lessons.map((l) => l.cached ?? false)).toEqual([false]);
    expect(readFileSync(join(dir, "site", "01-tiny.html"), "utf8")).toContain("One more line of prose.");
    const forced = await buildSite({ ...opts, reuse: false });
    expect(forced.lessons.map((l) => l.cached ?? false)).toEqual([false]);
  });
});

describe("renderIndexPage", () => {
  it("adds up the minutes and links pages and notebooks", () => {
    const meta = { number: "03", slug: "03-x", title: "X & Y", minutes: 30, objectives: ["a < b and `code` with $x^2$"], exercises: [] };
    const html = renderIndexPage([{ file: "lessons/03-x.md", meta, page: "03-x.html", notebook: "notebooks/03-x.ipynb", ok: true, ms: 1 }]);
    expect(html).toContain("1 lesson · about 30 minutes");
    expect(html).toContain('<a href="03-x.html">X &amp; Y</a>');
    expect(html).toContain('<a href="notebooks/03-x.ipynb" download>notebook</a>');
    expect(html).toMatch(/<li>a &lt; b and <code>code<\/code> with <span class="katex">/);
  });
});

describe("the index with the student's scores", () => {
  const meta = (number: string) => ({ number, slug: `${number}-x`, title: `Lesson ${number}`, minutes: 10, objectives: [`learn ${number}`], exercises: [] });
  const lessons = ["03", "04"].map((n) => ({ file: `lessons/${n}-x.md`, meta: meta(n), page: `${n}-x.html`, ok: true, ms: 1 }));

  it("shows each lesson's objectives, and its score when grades.json has one", () => {
    const html = renderIndexPage(lessons, new Map([["04", { earned: 3, points: 7 }]]));
    expect(html).toContain("<li>learn 03</li>");
    expect(html).toContain("<li>learn 04</li>");
    expect(html).toMatch(/<span class="score"[^>]*>your score 3\/7<\/span>/);
    expect(html.match(/your score/g)).toHaveLength(1);
    expect(renderIndexPage(lessons)).not.toContain("your score");
  });

  it("reads scores per lesson from grades.json, ignoring a missing, damaged or solutions report", () => {
    const dir = mkdtempSync(join(tmpdir(), "qkv-grades-"));
    try {
      const file = join(dir, "grades.json");
      expect(readScores(file).size).toBe(0);
      const exercise = (id: string, earned: number, points: number) => ({ id, lesson: id.slice(0, 2), slug: "x", earned, points, status: "partial", tests: [] });
      writeFileSync(file, JSON.stringify({ target: "exercises", exercises: [exercise("04.1", 2, 4), exercise("04.2", 1, 3), exercise("05.1", 5, 5)] }));
      expect([...readScores(file)]).toEqual([["04", { earned: 3, points: 7 }], ["05", { earned: 5, points: 5 }]]);
      writeFileSync(file, JSON.stringify({ target: "solutions", exercises: [exercise("04.1", 4, 4)] }));
      expect(readScores(file).size).toBe(0);
      writeFileSync(file, "{ not json");
      expect(readScores(file).size).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("serveSite", () => {
  it("serves files with their types, 404s the rest, refuses paths outside the folder", async () => {
    const dir = join(root, "served");
    mkdirSync(join(dir, "assets"), { recursive: true });
    writeFileSync(join(dir, "index.html"), "<p>home</p>");
    writeFileSync(join(dir, "assets", "a.js"), "1");
    writeFileSync(join(root, "secret.txt"), "no");
    const s = await serveSite(dir, 0);
    try {
      const home = await fetch(s.url);
      expect(home.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await home.text()).toBe("<p>home</p>");
      expect((await fetch(s.url + "assets/a.js")).headers.get("content-type")).toMatch(/^text\/javascript/);
      expect((await fetch(s.url + "missing.html")).status).toBe(404);
      expect((await fetch(s.url + "..%2Fsecret.txt")).status).toBe(403);
    } finally {
      await s.close();
    }
  });

  it("falls back to a free port when the wanted one is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(0, "127.0.0.1", ok));
    const taken = (blocker.address() as { port: number }).port;
    const s = await serveSite(root, taken);
    try {
      expect(s.port).not.toBe(taken);
      expect(s.url).toBe(`http://localhost:${s.port}/`);
    } finally {
      await s.close();
      blocker.close();
    }
  });
});
