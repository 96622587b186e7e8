/** Loading the PyTorch fixtures of tests/fixtures/models (made by tests/fixtures/make_model_fixtures.py). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Tensor, tensor, gather } from "qkv";
import type { StateDict } from "qkv";

export interface EncodedTensor {
  shape: number[];
  dtype: "float32" | "int32" | "bool";
  data: number[];
}

export function loadFixture(name: string): any {
  const path = fileURLToPath(new URL(`../fixtures/models/${name}`, import.meta.url));
  return JSON.parse(readFileSync(path, "utf8"));
}

export function decode(e: EncodedTensor): Tensor {
  const data = e.dtype === "bool" ? Uint8Array.from(e.data) : e.dtype === "int32" ? Int32Array.from(e.data) : Float32Array.from(e.data);
  return tensor(data, { shape: e.shape });
}

export function decodeStateDict(sd: Record<string, EncodedTensor>): StateDict {
  return Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, decode(v)]));
}

/** max |a - b| over all elements; the shapes must be equal. */
export function maxAbsDiff(a: Tensor, b: Tensor | EncodedTensor): number {
  const bt = b instanceof Tensor ? b : decode(b);
  if (a.shape.join(",") !== bt.shape.join(",")) throw new Error(`maxAbsDiff: shapes (${a.shape}) vs (${bt.shape})`);
  let m = 0;
  for (let i = 0; i < a.size; i++) {
    const d = Math.abs(a.data[i] - bt.data[i]);
    if (!(d <= m)) m = d; // NaN propagates as a failure
  }
  return m;
}

/** Mean cross-entropy of logits[:, :-1] against ids[:, 1:] (the GPT fixture's loss), built from tensor ops. */
export function nextTokenLoss(logits: Tensor, ids: Tensor): Tensor {
  const [B, T, V] = logits.shape;
  const pred = logits.slice(1, 0, T - 1).reshape(B * (T - 1), V);
  const targets = ids.slice(1, 1, T).reshape(B * (T - 1), 1);
  return gather(pred.logSoftmax(-1), 1, targets).mean().neg();
}

/** Records each fixture's max abs error so the suite can print them (for the report). */
export const errors: Record<string, number> = {};
export function record(name: string, err: number): number {
  errors[name] = err;
  return err;
}
