// Mutant of 02.4: believes one-hot times W picks a column.
import { review as right } from "../../../solutions/02-tokens-and-embeddings.js";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export const review = { ...right, q1: "a" };
