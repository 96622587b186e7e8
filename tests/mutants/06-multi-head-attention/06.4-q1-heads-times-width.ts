// Mutant of 06.4: multiplies C by the number of heads instead of dividing.
import { review as right } from "../../../solutions/06-multi-head-attention.js";
export * from "../../../solutions/06-multi-head-attention.js";

export const review = { ...right, q1: 4096 };
