// Mutant of 01.4: reads gradient descent as trial and error.
import { review as right } from "../../../solutions/01-training-vs-inference.js";
export * from "../../../solutions/01-training-vs-inference.js";

export const review = { ...right, q5: "a" };
