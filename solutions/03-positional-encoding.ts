// Lesson 03 — reference answers. Same exports as exercises/03-positional-encoding.ts; the graders check
// them too (`npm run grade -- --solutions 03`).
import { tensor, type Tensor } from "qkv";

/** ωᵢ = 1 / 10000^(2i / C): the frequency of column pair i. */
function frequency(i: number, C: number): number {
  return 1 / Math.pow(10000, (2 * i) / C);
}

/** 03.1 — PE[pos, 2i] = sin(pos ωᵢ), PE[pos, 2i + 1] = cos(pos ωᵢ): (T, C). */
export function sinusoidalEncoding(T: number, C: number): Tensor {
  if (!Number.isInteger(T) || T <= 0 || !Number.isInteger(C) || C <= 0 || C % 2 !== 0) {
    throw new Error(`sinusoidalEncoding: T must be a positive integer and C a positive even integer, got T=${T}, C=${C}`);
  }
  const data = new Float32Array(T * C);
  for (let pos = 0; pos < T; pos++) {
    for (let i = 0; i < C / 2; i++) {
      const angle = pos * frequency(i, C);
      data[pos * C + 2 * i] = Math.sin(angle);
      data[pos * C + 2 * i + 1] = Math.cos(angle);
    }
  }
  return tensor(data, { shape: [T, C] });
}

/** 03.2 — x (B, T, C) + table[0:T] (T, C), broadcast over the batch. */
export function addPositions(x: Tensor, table: Tensor): Tensor {
  const [, T, C] = x.shape;
  const [maxLen, tableC] = table.shape;
  if (x.ndim !== 3 || table.ndim !== 2) {
    throw new Error(`addPositions: x must be (B, T, C) and table (maxLen, C), got [${x.shape}] and [${table.shape}]`);
  }
  if (tableC !== C) throw new Error(`addPositions: x has vectors of size ${C} but the table's are ${tableC}`);
  if (T > maxLen) throw new Error(`addPositions: the sequence has ${T} positions but the table only ${maxLen}`);
  return x.add(table.slice(0, 0, T)); // (B, T, C) + (T, C)
}

/** 03.3 — the block-diagonal (C, C) rotation with PE[p + k] = PE[p] M_k. */
export function offsetRotation(k: number, C: number): Tensor {
  if (!Number.isInteger(C) || C <= 0 || C % 2 !== 0) throw new Error(`offsetRotation: C must be a positive even integer, got ${C}`);
  const data = new Float32Array(C * C);
  for (let i = 0; i < C / 2; i++) {
    const b = k * frequency(i, C);
    const [r, c] = [2 * i, 2 * i + 1];
    data[r * C + r] = Math.cos(b);
    data[r * C + c] = -Math.sin(b);
    data[c * C + r] = Math.sin(b);
    data[c * C + c] = Math.cos(b);
  }
  return tensor(data, { shape: [C, C] });
}

// ---- 03.4 review ------------------------------------------------------------------------------

/** A multiple-choice answer: one letter. */
type Choice = "a" | "b" | "c" | "d";

/**
 * 03.4 — Check your understanding. The questions are in the lesson's last section, "Check your
 * understanding". Replace each `undefined` with your answer: a letter ("a"–"d") for a multiple-choice
 * question, a number for a numeric one (e.g. 0.25; three significant digits are enough). One point per
 * question; grade with `npm run grade -- 03.4` or `await check("03.4")` in the notebook.
 */
export const review: {
  q1: Choice | undefined;
  q2: number | undefined;
  q3: Choice | undefined;
  q4: Choice | undefined;
  q5: number | undefined;
} = {
  q1: "b", // attention without positions
  q2: 8, // the table at position 0
  q3: "d", // what the dot product of positions depends on
  q4: "a", // learned against sinusoidal
  q5: 2 * Math.PI, // the fastest pair of columns
};
