// Mutant of 01.4: uses log base 2 instead of the natural log.
import { review as right } from "../../../solutions/01-training-vs-inference.js";
export * from "../../../solutions/01-training-vs-inference.js";

export const review = { ...right, q2: Math.log2(27) };
