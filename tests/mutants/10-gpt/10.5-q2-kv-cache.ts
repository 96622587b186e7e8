// Mutant of 10.5: credits the KV cache (a generation trick) for parallel training.
import { review as right } from "../../../solutions/10-gpt.js";
export * from "../../../solutions/10-gpt.js";

export const review = { ...right, q2: "c" };
