// Mutant of 05.4: masks after the softmax: the blocked key stays in the denominator.
import { review as right } from "../../../solutions/05-masking.js";
export * from "../../../solutions/05-masking.js";

export const review = { ...right, q3: Math.exp(2) / (Math.exp(1) + Math.exp(2) + Math.exp(3)) };
