// Mutant of 03.4: believes the dot product depends on the positions, not just the offset.
import { review as right } from "../../../solutions/03-positional-encoding.js";
export * from "../../../solutions/03-positional-encoding.js";

export const review = { ...right, q3: "b" };
