// Mutant of 10.5: counts only the letters of "emma" (4), forgetting the end symbol is a target too.
import { review as right } from "../../../solutions/10-gpt.js";
export * from "../../../solutions/10-gpt.js";

export const review = { ...right, q1: 4 };
