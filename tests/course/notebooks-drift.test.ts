// notebooks/ matches lessons/ (what `npm run notebooks -- --check` checks), in-process and fast; the
// notebook build and the CLI are tested in notebooks.slow.test.ts.
import { expect, it } from "vitest";
import { join } from "node:path";
import { syncNotebooks } from "../../src/course/notebook.js";

const repo = join(import.meta.dirname, "..", "..");

it("every lesson's notebook is present and has its lesson's cells (outputs a student saved are no drift)", () => {
  const results = syncNotebooks({ root: repo, check: true });
  expect(results.length).toBeGreaterThan(0);
  const problems = results.filter((r) => r.status !== "unchanged").map((r) => `${r.notebook}: ${r.status} ${r.detail ?? ""}`);
  expect(problems).toEqual([]);
});
