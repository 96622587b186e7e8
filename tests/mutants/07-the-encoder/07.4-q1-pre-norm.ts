// Mutant of 07.4: takes the pre-norm formula for post-norm.
import { review as right } from "../../../solutions/07-the-encoder.js";
export * from "../../../solutions/07-the-encoder.js";

export const review = { ...right, q1: "a" };
