// Mutant of 01.4: sums the negative log-likelihoods instead of averaging them.
import { review as right } from "../../../solutions/01-training-vs-inference.js";
export * from "../../../solutions/01-training-vs-inference.js";

export const review = { ...right, q3: -(Math.log(0.5) + Math.log(0.25) + Math.log(0.5) + Math.log(0.125)) };
