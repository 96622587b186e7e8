// Lesson 09 — reference answers. Same exports as exercises/09-the-decoder.ts; the graders check them
// too (`npm run grade -- --solutions 09`).
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";

/** The four (C, C) weights, (out, in) layout, no biases. */
export interface AttentionWeights {
  wq: Tensor;
  wk: Tensor;
  wv: Tensor;
  wo: Tensor;
}

const shape = (t: Tensor) => `(${t.shape.join(", ")})`;

/** 09.1 — queries from x (B, T, C), keys and values from memory (B, S, C) -> output (B, T, C), weights (B, nh, T, S). */
export function crossAttention(
  x: Tensor, memory: Tensor, weights: AttentionWeights, numHeads: number, memoryMask?: Tensor,
): { output: Tensor; weights: Tensor } {
  const op = "crossAttention";
  if (x.ndim !== 3 || memory.ndim !== 3) throw new Error(`${op}: x ${shape(x)} and memory ${shape(memory)} must both be 3-D (B, T, C) and (B, S, C)`);
  const [B, T, C] = x.shape;
  const S = memory.shape[1];
  if (memory.shape[0] !== B || memory.shape[2] !== C) throw new Error(`${op}: memory ${shape(memory)} must be (B=${B}, S, C=${C}) to match x ${shape(x)}`);
  if (!Number.isInteger(numHeads) || numHeads <= 0 || C % numHeads !== 0) throw new Error(`${op}: numHeads=${numHeads} must be a positive integer dividing C=${C}`);
  if (memoryMask !== undefined && (memoryMask.dtype !== "bool" || memoryMask.ndim !== 2 || memoryMask.shape[0] !== B || memoryMask.shape[1] !== S)) {
    throw new Error(`${op}: memoryMask must be a bool tensor of shape (B=${B}, S=${S}), got ${memoryMask.dtype} ${shape(memoryMask)}`);
  }
  const hs = C / numHeads;
  const heads = (t: Tensor, w: Tensor) => t.matmul(w.transpose(0, 1)).reshape(B, t.shape[1], numHeads, hs).transpose(1, 2); // (B, L, C) -> (B, nh, L, hs)
  const q = heads(x, weights.wq); // (B, nh, T, hs): from the decoder
  const k = heads(memory, weights.wk); // (B, nh, S, hs): from the encoder
  const v = heads(memory, weights.wv); // (B, nh, S, hs)
  let scores = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(hs)); // (B, nh, T, S)
  if (memoryMask) scores = scores.maskedFill(memoryMask.reshape(B, 1, 1, S).logicalNot(), -Infinity); // blocked source positions
  const attention = scores.softmax(-1); // a fully masked row gives zeros (the library's softmax)
  const merged = attention.matmul(v).transpose(1, 2).reshape(B, T, C); // (B, nh, T, hs) -> (B, T, C)
  return { output: merged.matmul(weights.wo.transpose(0, 1)), weights: attention };
}

function checkId(op: string, name: string, id: number, limit = Infinity): void {
  if (!Number.isInteger(id) || id < 0 || id >= limit) {
    throw new Error(`${op}: ${name} must be an integer in [0, ${limit === Infinity ? "∞" : limit}), got ${id}`);
  }
}

/** 09.2 — (B, T) targets -> (B, T) decoder inputs [startId, targets[:, 0 .. T-2]], -100 -> padId. */
export function shiftRight(targets: Tensor, startId: number, padId: number): Tensor {
  const op = "shiftRight";
  if (targets.ndim !== 2 || targets.dtype !== "int32") throw new Error(`${op}: targets must be a 2-D int32 tensor (B, T), got ${targets.dtype} ${shape(targets)}`);
  checkId(op, "startId", startId);
  checkId(op, "padId", padId);
  const [B, T] = targets.shape;
  const data = targets.data;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < 0 && data[i] !== IGNORE_INDEX) throw new Error(`${op}: targets[${Math.floor(i / T)}, ${i % T}] = ${data[i]} is not a token id (>= 0) or ${IGNORE_INDEX}`);
  }
  const out = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    out[b * T] = startId;
    for (let t = 1; t < T; t++) {
      const previous = data[b * T + t - 1];
      out[b * T + t] = previous === IGNORE_INDEX ? padId : previous;
    }
  }
  return tensor(out, { shape: [B, T], dtype: "int32" });
}

/** The model greedyDecode runs: forward(ids (B, t)) -> logits (B, t, V). */
export interface NextTokenModel {
  forward(ids: Tensor): Tensor;
}

/** 09.3 — greedy decoding: argmax at the last position, each row up to and including its stop token. */
export function greedyDecode(model: NextTokenModel, startIds: number[], options: { maxNewTokens: number; stopId: number }): number[][] {
  const op = "greedyDecode";
  const { maxNewTokens, stopId } = options;
  if (!Array.isArray(startIds) || startIds.length === 0) throw new Error(`${op}: startIds must hold at least one id`);
  startIds.forEach((id, b) => checkId(op, `startIds[${b}]`, id));
  checkId(op, "stopId", stopId);
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 0) throw new Error(`${op}: maxNewTokens must be an integer >= 0, got ${maxNewTokens}`);
  const B = startIds.length;
  const rows = startIds.map((id) => [id]); // what the model reads
  const outputs: number[][] = startIds.map(() => []);
  const finished = new Array<boolean>(B).fill(false);
  let checkedVocabulary = false;
  for (let step = 0; step < maxNewTokens && !finished.every(Boolean); step++) {
    const t = rows[0].length;
    const logits = model.forward(tensor(rows, { dtype: "int32" })); // (B, t, V)
    const V = logits.shape[2];
    if (!checkedVocabulary) {
      startIds.forEach((id, b) => checkId(op, `startIds[${b}]`, id, V));
      checkId(op, "stopId", stopId, V);
      checkedVocabulary = true;
    }
    for (let b = 0; b < B; b++) {
      let next = stopId;
      if (!finished[b]) {
        const offset = (b * t + t - 1) * V; // row b, last position
        next = 0;
        for (let v = 1; v < V; v++) if (logits.data[offset + v] > logits.data[offset + next]) next = v;
        outputs[b].push(next);
        if (next === stopId) finished[b] = true;
      }
      rows[b].push(next);
    }
  }
  return outputs;
}

/** One vocabulary entry and its probability. */
export interface WordProbability {
  id: number;
  word: string;
  probability: number;
}

/** 09.4 — softmax over the vocabulary (B, V) and the k most probable entries of every row. */
export function vocabularyProbabilities(logits: Tensor, vocabulary: string[], k: number): { probabilities: Tensor; top: WordProbability[][] } {
  const op = "vocabularyProbabilities";
  if (logits.ndim !== 2) throw new Error(`${op}: logits must be 2-D (B, V), got ${shape(logits)}`);
  const [B, V] = logits.shape;
  if (!Array.isArray(vocabulary) || vocabulary.length !== V) throw new Error(`${op}: vocabulary has ${vocabulary?.length} words but the logits have V=${V} columns`);
  if (!Number.isInteger(k) || k < 1 || k > V) throw new Error(`${op}: k must be an integer in [1, ${V}], got ${k}`);
  const probabilities = logits.softmax(-1); // max-shifted; all -Infinity -> zeros
  const top = Array.from({ length: B }, (_, b) => {
    const row = probabilities.data.subarray(b * V, (b + 1) * V);
    const order = Array.from({ length: V }, (_, id) => id).sort((i, j) => row[j] - row[i] || i - j);
    return order.slice(0, k).map((id) => ({ id, word: vocabulary[id], probability: row[id] }));
  });
  return { probabilities, top };
}
