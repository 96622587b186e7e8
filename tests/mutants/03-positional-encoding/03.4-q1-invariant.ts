// Mutant of 03.4: believes the outputs come back in the original order.
import { review as right } from "../../../solutions/03-positional-encoding.js";
export * from "../../../solutions/03-positional-encoding.js";

export const review = { ...right, q1: "a" };
