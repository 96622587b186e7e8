// Mutant of 00.4: exponentiates only the largest score: 3 / 3 = 1 (forgets that e^0 = 1).
import { review as right } from "../../../solutions/00-tour.js";
export * from "../../../solutions/00-tour.js";

export const review = { ...right, q1: 1 };
