// Mutant of 07.4: confuses layer norm with batch norm.
import { review as right } from "../../../solutions/07-the-encoder.js";
export * from "../../../solutions/07-the-encoder.js";

export const review = { ...right, q3: "a" };
