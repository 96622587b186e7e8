/**
 * The wasm kernels give the same bytes everywhere: in this process, in a process where V8 compiles the
 * wasm with its optimizing tier only (--no-liftoff), and equal to the hash committed here. A new hash
 * after editing kernels/assembly is expected when the summation order changed: record it with
 * `node --import tsx tests/tensor/kernel-bytes.ts` and say why in the commit.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { kernelBytesHash } from "./kernel-bytes.js";

const COMMITTED_HASH = "9d6bb21ff4e88035b3bfe83566c2dfa4f3fb98d801c5d831daf76bc0bd3c81b9";

describe("wasm kernel reproducibility", () => {
  it("matches the committed hash", () => {
    expect(kernelBytesHash()).toBe(COMMITTED_HASH);
  });
  it("gives identical bytes in a process that compiles the wasm with the optimizing tier only", () => {
    const root = join(__dirname, "../..");
    const out = execFileSync(process.execPath, ["--no-liftoff", "--import", "tsx", join(__dirname, "kernel-bytes.ts")], { cwd: root, encoding: "utf8" });
    expect(out.trim()).toBe(COMMITTED_HASH);
  });
});
