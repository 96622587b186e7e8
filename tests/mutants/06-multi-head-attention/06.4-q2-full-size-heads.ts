// Mutant of 06.4: counts 8 full-size heads (4 n_h C² + 4 n_h C).
import { review as right } from "../../../solutions/06-multi-head-attention.js";
export * from "../../../solutions/06-multi-head-attention.js";

export const review = { ...right, q2: 8 * (4 * 64 * 64 + 4 * 64) };
