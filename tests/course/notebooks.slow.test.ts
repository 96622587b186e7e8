import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLessonSource } from "../../src/course/lesson.js";
import {
  buildNotebook,
  cellsHash,
  isUntouchedSinceGenerated,
  serializeNotebook,
  syncNotebooks,
  type NotebookJson,
} from "../../src/course/notebook.js";

const repo = join(import.meta.dirname, "..", "..");

describe("notebooks/ matches lessons/ (what `npm run notebooks -- --check` checks)", () => {
  it("the CLI check exits 0 on this repository", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/notebooks.ts", "--check"], { cwd: repo, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

const LESSON = `---
title: Tiny
minutes: 5
objectives:
  - Test the notebook build
exercises: [07.1]
---

Some prose with $x^2$.

\`\`\`ts
const a = 1;
console.log(a);
\`\`\`

## Second slide

\`\`\`ts show-only
const shown = 2;
\`\`\`

\`\`\`ts
a + 1
\`\`\`
`;

describe("buildNotebook", () => {
  const lesson = parseLessonSource(LESSON, "lessons/07-tiny.md");
  const nb = buildNotebook(lesson, "lessons/07-tiny.md");

  it("is nbformat 4.5 with the tslab kernelspec and the content hash in its metadata", () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.metadata.kernelspec).toEqual({ name: "tslab", display_name: "TypeScript", language: "typescript" });
    expect(nb.metadata.qkv.lesson).toBe("lessons/07-tiny.md");
    expect(nb.metadata.qkv.generated_sha256).toBe(cellsHash(nb.cells));
  });

  it("has a title cell from the front matter, then one cell per lesson cell, show-only as markdown", () => {
    expect(nb.cells.map((c) => c.cell_type)).toEqual(["markdown", "markdown", "code", "markdown", "markdown", "code"]);
    expect(nb.cells[0].source.join("")).toContain("# 07 · Tiny");
    expect(nb.cells[0].source.join("")).toContain("- Test the notebook build");
    expect(nb.cells[0].source.join("")).toContain("**Exercises:** 07.1");
    expect(nb.cells[2].source).toEqual(["const a = 1;\n", "console.log(a);"]);
    expect(nb.cells[4].source.join("")).toBe("```ts\nconst shown = 2;\n```");
    expect(nb.cells[3].metadata).toEqual({ slideshow: { slide_type: "slide" } });
  });

  it("has stable, unique, valid cell ids and no outputs", () => {
    const ids = nb.cells.map((c) => c.id);
    expect(ids).toEqual(["07-tiny-c00", "07-tiny-c01", "07-tiny-c02", "07-tiny-c03", "07-tiny-c04", "07-tiny-c05"]);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    for (const c of nb.cells) if (c.cell_type === "code") expect([c.outputs, c.execution_count]).toEqual([[], null]);
  });

  it("serializes to the same bytes every time, and a one-character change changes them", () => {
    const again = serializeNotebook(buildNotebook(parseLessonSource(LESSON, "lessons/07-tiny.md"), "lessons/07-tiny.md"));
    expect(again).toBe(serializeNotebook(nb));
    const changed = serializeNotebook(buildNotebook(parseLessonSource(LESSON.replace("a + 1", "a + 2"), "lessons/07-tiny.md"), "lessons/07-tiny.md"));
    expect(changed).not.toBe(serializeNotebook(nb));
  });

  it("recognises a notebook edited by hand by its hash, but not one that was only run", () => {
    const text = serializeNotebook(nb);
    expect(isUntouchedSinceGenerated(text)).toBe(true);
    const run = JSON.parse(text) as NotebookJson;
    const code = run.cells[2];
    if (code.cell_type !== "code") throw new Error("cell 2 should be code");
    code.outputs = [{ output_type: "stream", name: "stdout", text: ["1\n"] }];
    code.execution_count = 1;
    expect(isUntouchedSinceGenerated(JSON.stringify(run))).toBe(true);
    code.source = ["const a = 41;\n", "console.log(a);"];
    expect(isUntouchedSinceGenerated(JSON.stringify(run))).toBe(false);
    expect(isUntouchedSinceGenerated("{ not json")).toBe(false);
  });
});

describe("syncNotebooks on a temporary course", () => {
  let root: string;
  const lessonFile = () => join(root, "lessons", "07-tiny.md");
  const notebookFile = () => join(root, "notebooks", "07-tiny.ipynb");
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", join(repo, "scripts", "notebooks.ts"), "--root", root, ...args], { cwd: repo, encoding: "utf8" });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "qkv-notebooks-"));
    mkdirSync(join(root, "lessons"));
    writeFileSync(lessonFile(), LESSON);
    writeFileSync(join(root, "lessons", "README.md"), "not a lesson");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("writes a missing notebook, then leaves it byte-identical on the next run", () => {
    expect(syncNotebooks({ root }).map((r) => r.status)).toEqual(["written"]);
    const first = readFileSync(notebookFile(), "utf8");
    expect(syncNotebooks({ root }).map((r) => r.status)).toEqual(["unchanged"]);
    expect(readFileSync(notebookFile(), "utf8")).toBe(first);
    expect(syncNotebooks({ root, check: true }).map((r) => r.status)).toEqual(["unchanged"]);
  });

  it("a one-character change to the lesson makes --check fail, naming the lesson and the cell", () => {
    syncNotebooks({ root });
    writeFileSync(lessonFile(), LESSON.replace("console.log(a);", "console.log(b);"));
    const [result] = syncNotebooks({ root, check: true });
    expect(result.status).toBe("differs");
    expect(result.lesson).toBe("lessons/07-tiny.md");
    expect(result.detail).toMatch(/^cell 2 \(id 07-tiny-c02, lessons\/07-tiny\.md:12\): source differs at line 2 of the cell: lesson "console\.log\(b\);", notebook "console\.log\(a\);"/);
    // the check never writes
    expect(readFileSync(notebookFile(), "utf8")).toContain("console.log(a);");

    const r = cli("--check");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("DIFFERS notebooks/07-tiny.ipynb vs lessons/07-tiny.md: cell 2 (id 07-tiny-c02");

    // a rebuild brings it back in step
    expect(syncNotebooks({ root }).map((r) => r.status)).toEqual(["updated"]);
    expect(cli("--check").status).toBe(0);
  });

  it("--check reports a missing notebook and a notebook without a lesson", () => {
    mkdirSync(join(root, "notebooks"));
    writeFileSync(join(root, "notebooks", "09-gone.ipynb"), "{}");
    const results = syncNotebooks({ root, check: true });
    expect(results.map((r) => [r.notebook, r.status])).toEqual([
      ["notebooks/07-tiny.ipynb", "missing"],
      ["notebooks/09-gone.ipynb", "differs"],
    ]);
    expect(results[1].detail).toContain("no lesson lessons/09-gone.md");
  });

  it("a hand-edited notebook survives `npm run notebooks`, even after its lesson changes", () => {
    syncNotebooks({ root });
    const edited = readFileSync(notebookFile(), "utf8").replace('"const a = 1;\\n"', '"const a = 100; // my experiment\\n"');
    expect(edited).toContain("my experiment");
    writeFileSync(notebookFile(), edited);
    writeFileSync(lessonFile(), LESSON.replace("Some prose", "Some better prose"));

    const [result] = syncNotebooks({ root });
    expect(result.status).toBe("kept-edited");
    expect(result.detail).toMatch(/^cell 1 /); // the first difference is the prose the lesson changed
    expect(readFileSync(notebookFile(), "utf8")).toBe(edited);

    const r = cli();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("KEPT notebooks/07-tiny.ipynb: its cells were edited by hand");
    expect(r.stderr).toContain("(cell 1 (id 07-tiny-c01, lessons/07-tiny.md:");
    expect(r.stderr).toContain("`npm run notebooks -- --force`");
    expect(readFileSync(notebookFile(), "utf8")).toBe(edited);
    // --check names the cell and the command that fixes it (--force, since the cells were edited)
    const check = cli("--check");
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/DIFFERS notebooks\/07-tiny\.ipynb vs lessons\/07-tiny\.md: cell 1 .*`npm run notebooks -- --force` rebuilds it/);
  });

  it("--force overwrites a hand-edited notebook and keeps a backup of it", () => {
    syncNotebooks({ root });
    const edited = readFileSync(notebookFile(), "utf8").replace('"const a = 1;\\n"', '"const a = 100;\\n"');
    writeFileSync(notebookFile(), edited);
    const [result] = syncNotebooks({ root, force: true, now: () => new Date("2026-01-02T03:04:05.678Z") });
    expect(result.status).toBe("forced");
    expect(result.backup).toBe("notebooks/.backup/07-tiny.2026-01-02T03-04-05-678Z.ipynb");
    expect(result.detail).toMatch(/^cell 2 \(id 07-tiny-c02, lessons\/07-tiny\.md:12\): source differs/);
    expect(readFileSync(join(root, result.backup!), "utf8")).toBe(edited);
    expect(readdirSync(join(root, "notebooks", ".backup"))).toHaveLength(1);
    expect(syncNotebooks({ root, check: true }).map((r) => r.status)).toEqual(["unchanged"]);
  });

  /** The notebook as Jupyter saves it after a run: outputs, counts, kernel info, new ids, other layout. */
  function saveAsJupyterWould(): string {
    const nb = JSON.parse(readFileSync(notebookFile(), "utf8")) as NotebookJson;
    nb.cells.forEach((cell, i) => {
      cell.id = `a1b2c3d4-${i}`;
      if (cell.cell_type === "code") {
        cell.execution_count = i;
        cell.outputs = [{ output_type: "stream", name: "stdout", text: [`output of cell ${i}\n`] }];
        cell.metadata = { execution: { "iopub.status.busy": "2026-01-02T03:04:05.678Z" } };
      }
    });
    nb.metadata["language_info"] = { name: "typescript", version: "5.0.4" };
    nb.metadata.kernelspec = { ...nb.metadata.kernelspec, display_name: "TypeScript (tslab)" } as never;
    const text = JSON.stringify(nb, null, 2);
    writeFileSync(notebookFile(), text);
    return text;
  }

  it("a notebook saved after running (outputs, counts, ids, kernel metadata) passes --check and is left alone", () => {
    syncNotebooks({ root });
    const saved = saveAsJupyterWould();
    expect(syncNotebooks({ root, check: true }).map((r) => [r.status, r.detail])).toEqual([["unchanged", undefined]]);
    const r = cli("--check");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(syncNotebooks({ root }).map((r) => r.status)).toEqual(["unchanged"]);
    expect(readFileSync(notebookFile(), "utf8")).toBe(saved);
    expect(existsSync(join(root, "notebooks", ".backup"))).toBe(false);
  });

  it("a rebuild after the lesson changed loses no output: unchanged cells keep theirs, the saved notebook is backed up", () => {
    syncNotebooks({ root });
    const saved = saveAsJupyterWould();
    writeFileSync(lessonFile(), LESSON.replace("a + 1", "a + 2"));
    const check = syncNotebooks({ root, check: true });
    expect(check[0].status).toBe("differs");
    expect(check[0].detail).toMatch(/^cell 5 \(id 07-tiny-c05, lessons\/07-tiny\.md:\d+\): source differs at line 1 of the cell: lesson "a \+ 2", notebook "a \+ 1"/);
    const r = cli("--check");
    expect(r.stderr).toContain("Run `npm run notebooks` to rebuild it");

    const [result] = syncNotebooks({ root, now: () => new Date("2026-01-02T03:04:05.678Z") });
    expect(result.status).toBe("updated");
    expect(result.backup).toBe("notebooks/.backup/07-tiny.2026-01-02T03-04-05-678Z.ipynb");
    expect(readFileSync(join(root, result.backup!), "utf8")).toBe(saved);
    const rebuilt = JSON.parse(readFileSync(notebookFile(), "utf8")) as NotebookJson;
    const unchanged = rebuilt.cells[2];
    const changed = rebuilt.cells[5];
    if (unchanged.cell_type !== "code" || changed.cell_type !== "code") throw new Error("cells 2 and 5 should be code");
    expect(unchanged.outputs).toEqual([{ output_type: "stream", name: "stdout", text: ["output of cell 2\n"] }]);
    expect(unchanged.execution_count).toBe(2);
    expect([changed.source.join(""), changed.outputs, changed.execution_count]).toEqual(["a + 2", [], null]);
    expect(syncNotebooks({ root, check: true }).map((r) => r.status)).toEqual(["unchanged"]);
  });
});
