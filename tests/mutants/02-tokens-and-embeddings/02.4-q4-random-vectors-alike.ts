// Mutant of 02.4: believes random vectors are half aligned.
import { review as right } from "../../../solutions/02-tokens-and-embeddings.js";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export const review = { ...right, q4: 0.5 };
