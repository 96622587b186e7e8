/**
 * qkv in float32 against PyTorch (float64 references on the same float32 inputs), values and gradients,
 * to 1e-5 absolute. The fixtures come from tests/fixtures/make_tensor_fixtures.py (see tests/fixtures/README.md).
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tensor, tensor, matmul, softmax, logSoftmax, layerNorm, gelu, type GeluApproximation } from "qkv";
import { expectClose } from "./helpers.js";

interface Encoded {
  shape: number[];
  data: (number | string)[];
}

interface Fixture {
  name: string;
  op: string;
  args: Record<string, unknown>;
  inputs: Record<string, Encoded>;
  gradOutput: Encoded;
  output: Encoded;
  grads: Record<string, Encoded>;
}

const fixtures = JSON.parse(readFileSync(join(__dirname, "../fixtures/tensor.json"), "utf8")) as { torch: string; cases: Fixture[] };

const decode = (e: Encoded, requiresGrad = false): Tensor =>
  tensor(e.data.map((v) => (typeof v === "string" ? Number(v) : v)), { shape: e.shape, dtype: "float32", requiresGrad });

function run(f: Fixture, x: Record<string, Tensor>): Tensor {
  switch (f.op) {
    case "matmul":
      return matmul(x.a, x.b);
    case "softmax":
      return softmax(x.x, f.args.axis as number);
    case "logSoftmax":
      return logSoftmax(x.x, f.args.axis as number);
    case "layerNorm":
      return layerNorm(x.x, f.args.normalizedShape as number[], x.weight, x.bias, f.args.eps as number);
    case "gelu":
      return gelu(x.x, f.args.approximate as GeluApproximation);
    default:
      throw new Error(`no runner for fixture op ${f.op}`);
  }
}

describe(`PyTorch ${fixtures.torch} fixtures (float32, 1e-5 absolute)`, () => {
  it("cover matmul (batched, broadcast), softmax, logSoftmax, layerNorm, gelu (both forms)", () => {
    const ops = new Set(fixtures.cases.map((c) => `${c.op}${c.args.approximate ? `:${c.args.approximate}` : ""}`));
    expect([...ops].sort()).toEqual(["gelu:none", "gelu:tanh", "layerNorm", "logSoftmax", "matmul", "softmax"]);
  });
  for (const f of fixtures.cases) {
    it(f.name, () => {
      const inputs: Record<string, Tensor> = {};
      for (const [k, e] of Object.entries(f.inputs)) inputs[k] = decode(e, true);
      const out = run(f, inputs);
      expect(out.dtype).toBe("float32");
      expectClose(out, decode(f.output), 1e-5);
      out.backward(decode(f.gradOutput));
      for (const [k, e] of Object.entries(f.grads)) expectClose(inputs[k].grad!, decode(e), 1e-5);
    });
  }
});
