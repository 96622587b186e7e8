// Mutant of 00.4: believes a higher temperature sharpens the distribution.
import { review as right } from "../../../solutions/00-tour.js";
export * from "../../../solutions/00-tour.js";

export const review = { ...right, q2: "a" };
