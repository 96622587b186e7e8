/** Prints the sha256 of the bytes of randn([1000], new Rng(1234)): run by randn-bytes.test.ts in a child process. */
import { createHash } from "node:crypto";
import { randn, Rng } from "qkv";

export function randnHash(): string {
  const t = randn([1000], new Rng(1234));
  return createHash("sha256").update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength)).digest("hex");
}

if (process.argv[1] && process.argv[1].endsWith("randn-bytes.ts")) console.log(randnHash());
