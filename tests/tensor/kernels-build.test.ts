/** The committed WebAssembly is what `npm run kernels` builds from kernels/assembly/index.ts today. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { KERNEL_MODULE, buildKernels, kernelModuleText } from "../../scripts/build-kernels.js";

describe("wasm kernels build", () => {
  it("rebuilding gives the committed bytes (reproducible; run npm run kernels after editing the kernels)", async () => {
    const wasm = await buildKernels();
    const committed = readFileSync(new URL(`../../${KERNEL_MODULE}`, import.meta.url), "utf8");
    expect(kernelModuleText(wasm) === committed).toBe(true);
    const module = new WebAssembly.Module(wasm);
    expect(WebAssembly.Module.imports(module)).toEqual([]);
  });
});
