/**
 * Learning-rate schedules: functions from the step number (0 = the first update) to the learning rate.
 * They follow Hugging Face transformers' get_linear_schedule_with_warmup and
 * get_cosine_schedule_with_warmup (the rate of step k is used for update k, so step 0 of a warm-up
 * has rate 0), with an optional floor minLr.
 */
import { QkvError } from "../tensor/index.js";
import { checkNumber, describeValue } from "../tensor/errors.js";

export type LrSchedule = (step: number) => number;

export interface WarmupScheduleOptions {
  /** The rate reached at the end of the warm-up. */
  peakLr: number;
  /** Steps of linear warm-up from 0 to peakLr (0 = start at the peak). */
  warmupSteps: number;
  /** The step at which the decay reaches minLr; later steps stay there. */
  totalSteps: number;
  /** The floor of the decay; default 0. */
  minLr?: number;
}

function checkOptions(name: string, o: WarmupScheduleOptions): number {
  if (typeof o !== "object" || o === null) {
    throw new QkvError(`${name}: needs options { peakLr, warmupSteps, totalSteps, minLr? }, got ${describeValue(o)}`);
  }
  const { peakLr, warmupSteps, totalSteps, minLr = 0 } = o;
  checkNumber(name, "peakLr", peakLr, (x) => x >= 0, ">= 0");
  if (!(minLr >= 0 && minLr <= peakLr)) throw new QkvError(`${name}: minLr must be in [0, peakLr = ${peakLr}], got ${minLr}`);
  if (!(Number.isInteger(warmupSteps) && warmupSteps >= 0)) throw new QkvError(`${name}: warmupSteps must be an integer >= 0, got ${warmupSteps}`);
  if (!(Number.isInteger(totalSteps) && totalSteps > warmupSteps)) {
    throw new QkvError(`${name}: totalSteps must be an integer > warmupSteps (${warmupSteps}), got ${totalSteps}`);
  }
  return minLr;
}

/** A constant rate (what an optimizer does without a schedule). */
export function constantSchedule(lr: number): LrSchedule {
  checkNumber("constantSchedule", "lr", lr, (x) => x >= 0, ">= 0");
  return () => lr;
}

/** A schedule's step: an integer >= 0 (NaN or a fraction would give a meaningless rate). */
function checkStep(name: string, step: unknown): asserts step is number {
  if (!(typeof step === "number" && Number.isInteger(step) && step >= 0)) {
    throw new QkvError(`${name}: step must be an integer >= 0 (0 = the first update), got ${describeValue(step)}`);
  }
}

/** Linear warm-up to peakLr, then linear decay to minLr at totalSteps. */
export function warmupLinearSchedule(options: WarmupScheduleOptions): LrSchedule {
  const minLr = checkOptions("warmupLinearSchedule", options);
  const { peakLr, warmupSteps, totalSteps } = options;
  return (step: number) => {
    checkStep("warmupLinearSchedule", step);
    if (step < warmupSteps) return (peakLr * step) / warmupSteps;
    const remaining = Math.max(0, (totalSteps - step) / (totalSteps - warmupSteps));
    return minLr + (peakLr - minLr) * remaining;
  };
}

/** Linear warm-up to peakLr, then half a cosine wave down to minLr at totalSteps. */
export function warmupCosineSchedule(options: WarmupScheduleOptions): LrSchedule {
  const minLr = checkOptions("warmupCosineSchedule", options);
  const { peakLr, warmupSteps, totalSteps } = options;
  return (step: number) => {
    checkStep("warmupCosineSchedule", step);
    if (step < warmupSteps) return (peakLr * step) / warmupSteps;
    const progress = Math.min(1, (step - warmupSteps) / (totalSteps - warmupSteps));
    return minLr + (peakLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  };
}
