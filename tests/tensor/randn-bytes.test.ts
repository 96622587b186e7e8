/** Same seed, same bytes: in this process, in a fresh process, and equal to the hash committed here. */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { randnHash } from "./randn-bytes.js";

// sha256 of the 4000 bytes of randn([1000], new Rng(1234)) (float32), recorded when the generator was written.
const COMMITTED_HASH = "0065609ada0104e08ce4ce663a2669a25a062e4619eabada0a6dd9ce62de4b82";

describe("randn reproducibility", () => {
  it("matches the committed hash", () => {
    expect(randnHash()).toBe(COMMITTED_HASH);
  });
  it("gives identical bytes in a second process", () => {
    const root = join(__dirname, "../..");
    const out = execFileSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(__dirname, "randn-bytes.ts")], {
      cwd: root,
      encoding: "utf8",
    });
    expect(out.trim()).toBe(COMMITTED_HASH);
  });
});
