// Mutant of 10.5: keeps only the tokens whose mass stays below p, dropping the one that crosses it.
import { review as right } from "../../../solutions/10-gpt.js";
export * from "../../../solutions/10-gpt.js";

export const review = { ...right, q4: "a" };
