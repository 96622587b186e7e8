// Mutant of 09.1: blocked scores get -1e9 (and a fully masked example is zeroed by hand afterwards):
// right for ordinary scores, wrong when the allowed scores are far below -1e9.
import { tensor, type Tensor } from "qkv";
import type { AttentionWeights } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

export function crossAttention(x: Tensor, memory: Tensor, weights: AttentionWeights, numHeads: number, memoryMask?: Tensor) {
  const [B, T, C] = x.shape;
  const S = memory.shape[1];
  if (memory.ndim !== 3 || memory.shape[0] !== B || memory.shape[2] !== C || !(numHeads > 0) || C % numHeads !== 0) throw new Error("crossAttention: bad shapes");
  if (memoryMask && (memoryMask.dtype !== "bool" || memoryMask.shape.join() !== `${B},${S}`)) throw new Error("crossAttention: bad mask");
  const hs = C / numHeads;
  const heads = (t: Tensor, w: Tensor) => t.matmul(w.transpose(0, 1)).reshape(B, t.shape[1], numHeads, hs).transpose(1, 2);
  let scores = heads(x, weights.wq).matmul(heads(memory, weights.wk).transpose(-2, -1)).mul(1 / Math.sqrt(hs));
  if (memoryMask) scores = scores.maskedFill(memoryMask.reshape(B, 1, 1, S).logicalNot(), -1e9);
  let attention = scores.softmax(-1);
  if (memoryMask) {
    const keep = Array.from({ length: B }, (_, b) => (Array.from(memoryMask.data.subarray(b * S, (b + 1) * S)).some(Boolean) ? 1 : 0));
    attention = attention.mul(tensor(keep).reshape(B, 1, 1, 1)); // a fully masked example: zeros
  }
  const merged = attention.matmul(heads(memory, weights.wv)).transpose(1, 2).reshape(B, T, C);
  return { output: merged.matmul(weights.wo.transpose(0, 1)), weights: attention };
}
