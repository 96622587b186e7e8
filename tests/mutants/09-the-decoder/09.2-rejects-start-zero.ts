// Mutant of 09.2: checks the ids with `!startId || !Number.isInteger(startId)`, so the valid id 0 is rejected.
import { shiftRight as right } from "../../../solutions/09-the-decoder.js";
import type { Tensor } from "qkv";
export * from "../../../solutions/09-the-decoder.js";

export function shiftRight(targets: Tensor, startId: number, padId: number): Tensor {
  if (!startId || !Number.isInteger(startId)) throw new Error(`shiftRight: startId must be a positive integer, got ${startId}`);
  return right(targets, startId, padId);
}
