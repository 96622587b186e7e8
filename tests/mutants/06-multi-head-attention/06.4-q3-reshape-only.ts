// Mutant of 06.4: believes a reshape alone splits the heads.
import { review as right } from "../../../solutions/06-multi-head-attention.js";
export * from "../../../solutions/06-multi-head-attention.js";

export const review = { ...right, q3: "a" };
