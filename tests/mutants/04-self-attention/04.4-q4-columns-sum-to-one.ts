// Mutant of 04.4: believes the softmax runs over the queries (columns sum to 1).
import { review as right } from "../../../solutions/04-self-attention.js";
export * from "../../../solutions/04-self-attention.js";

export const review = { ...right, q4: "a" };
