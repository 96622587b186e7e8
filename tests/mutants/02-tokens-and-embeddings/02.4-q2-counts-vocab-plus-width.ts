// Mutant of 02.4: adds V and C instead of multiplying them.
import { review as right } from "../../../solutions/02-tokens-and-embeddings.js";
export * from "../../../solutions/02-tokens-and-embeddings.js";

export const review = { ...right, q2: 10064 };
