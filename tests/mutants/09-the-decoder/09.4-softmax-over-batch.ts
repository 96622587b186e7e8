// Mutant of 09.4: softmax over the batch axis (axis 0) instead of over the vocabulary.
import { IGNORE_INDEX, tensor, type Tensor } from "qkv";
import type { AttentionWeights, NextTokenModel, WordProbability } from "../../../solutions/09-the-decoder.js";
export * from "../../../solutions/09-the-decoder.js";

function checked(logits: Tensor, vocabulary: string[], k: number): [number, number] {
  if (logits.ndim !== 2) throw new Error("vocabularyProbabilities: logits must be 2-D");
  const [B, V] = logits.shape;
  if (vocabulary.length !== V || !Number.isInteger(k) || k < 1 || k > V) throw new Error("vocabularyProbabilities: bad vocabulary or k");
  return [B, V];
}
function topK(probabilities: Tensor, vocabulary: string[], k: number, B: number, V: number): WordProbability[][] {
  return Array.from({ length: B }, (_, b) => {
    const row = probabilities.data.subarray(b * V, (b + 1) * V);
    return Array.from({ length: V }, (_, id) => id).sort((i, j) => row[j] - row[i] || i - j).slice(0, k)
      .map((id) => ({ id, word: vocabulary[id], probability: row[id] }));
  });
}
export function vocabularyProbabilities(logits: Tensor, vocabulary: string[], k: number) {
  const [B, V] = checked(logits, vocabulary, k);
  const probabilities = logits.softmax(0);
  return { probabilities, top: topK(probabilities, vocabulary, k, B, V) };
}
