// Mutant of 05.4: forgets the diagonal: a token may attend to itself.
import { review as right } from "../../../solutions/05-masking.js";
export * from "../../../solutions/05-masking.js";

export const review = { ...right, q1: 10 };
