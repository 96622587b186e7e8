// Same seed -> same splits and batches, in another process too (no hidden global state, no Map-order
// or clock dependence). The child runs tests/data/snapshot.ts with tsx and prints its snapshot as JSON.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { snapshot } from "./snapshot.js";

const script = fileURLToPath(new URL("./snapshot.ts", import.meta.url));
const hash = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex");

describe("determinism across processes", () => {
  it("a child process computes the same splits, epoch batches, MLM, pair and LM batches and BPE merges", () => {
    const here = snapshot(42) as Record<string, unknown>;
    const child = JSON.parse(execFileSync(process.execPath, ["--import", "tsx", script, "42"], { encoding: "utf8", maxBuffer: 64 << 20 }));
    console.log(`[determinism] seed 42: parent ${hash(here).slice(0, 16)} child ${hash(child).slice(0, 16)}`);
    for (const key of Object.keys(here)) expect(child[key]).toEqual(here[key]);
    expect(hash(child)).toBe(hash(here));
    expect((here.sizes as number[])).toEqual([2400, 300, 300]);
  });
  it("a different seed gives different splits and batches", () => {
    const a = snapshot(42) as Record<string, unknown>;
    const b = snapshot(43) as Record<string, unknown>;
    expect(b.val).not.toEqual(a.val);
    expect(b.epochs).not.toEqual(a.epochs);
    expect(b.mlm).not.toEqual(a.mlm);
    expect(b.lm).not.toEqual(a.lm);
    expect(b.bpeMerges).toEqual(a.bpeMerges); // training BPE uses no randomness at all
  });
});
