/**
 * The training loop every lesson repeats, in one place:
 *
 *   for each batch:  lr = schedule(step);  zero the gradients;  loss = step(batch);  loss.backward();
 *                    (clip the gradient norm);  optimizer.step();  record { step, loss, lr, ... }
 *
 * train() runs it to the end and returns the history (one record per update, ready to plot).
 * trainAsync() is the same loop, but it lets the event loop run after each progress report, so a
 * live notebook display (tslab) or a web page can redraw while training goes on.
 *
 * A progress bar (viz's progress()) plugs into onProgress:
 *
 *   const bar = progress(200, { label: "training" });
 *   const history = train({ model, step, batches, steps: 200, optimizer,
 *     onProgress: ({ record }) => bar.update(record.step + 1, `loss ${record.loss.toFixed(3)}`) });
 *   bar.finish();
 *   show(line({ x: history.map((r) => r.step), y: history.map((r) => r.loss) }));   // the loss curve
 */
import { QkvError, Tensor } from "../tensor/index.js";
import { checkNumber, describeValue, formatShape } from "../tensor/errors.js";
import { crossEntropy } from "./losses.js";
import { Optimizer, clipGradNorm } from "./optimizers.js";
import type { LrSchedule } from "./schedules.js";

/** One update's record. Extra keys hold evaluation metrics on the steps where `evaluate` ran. */
export interface TrainRecord {
  /** 0-based index of the update. */
  step: number;
  /** 0-based epoch (a full pass over the batches). */
  epoch: number;
  /** The loss of this step's batch, before the update. */
  loss: number;
  /** The learning rate used for this update. */
  lr: number;
  /** The gradient norm before clipping (only when clipGradNorm is set). */
  gradNorm?: number;
  /** Milliseconds since training started, at the end of this step. */
  elapsedMs: number;
  [metric: string]: number | undefined;
}

export interface TrainProgress {
  record: TrainRecord;
  /** The number of updates the run will make, when it is known in advance. */
  totalSteps: number | undefined;
  history: readonly TrainRecord[];
}

/** A model the loop can switch between training and evaluation mode, and call on { inputs, targets } batches. */
export interface TrainableModel {
  train?(): unknown;
  eval?(): unknown;
  /** Used only without a step function: forward(inputs) -> logits. */
  forward?(inputs: Tensor, ...rest: never[]): Tensor;
}

export interface TrainOptions<B> {
  /**
   * The loss of one batch, as a scalar tensor that requires grad. If omitted, `model` must have
   * forward() and each batch must be { inputs, targets }: loss = crossEntropy(model.forward(inputs), targets).
   */
  step?: (batch: B, context: { step: number; epoch: number }) => Tensor;
  /**
   * The batches of one epoch (an array is reused every epoch), or a function giving epoch e's batches.
   * A generator or other iterator (or a function returning one) may never end: it needs `steps`.
   */
  batches: Iterable<B> | ((epoch: number) => Iterable<B>);
  optimizer: Optimizer;
  /** Passes over the batches (default 1 unless `steps` is given). */
  epochs?: number;
  /** Stop after this many updates (cycling through the batches as needed). */
  steps?: number;
  /** Put in training mode (dropout on) for the run and in eval mode during `evaluate`. */
  model?: TrainableModel;
  /** The learning rate of each step; default: the optimizer's lr throughout. */
  schedule?: LrSchedule;
  /** Clip the joint gradient norm to this value before each update. */
  clipGradNorm?: number;
  /** Called every `progressEvery` steps (default 1) and after the last step. */
  onProgress?: (progress: TrainProgress) => void;
  progressEvery?: number;
  /** Metrics on held-out data, run every `evaluateEvery` steps (default: at each epoch's end) and at the end; added to that step's record. */
  evaluate?: (context: { step: number; epoch: number }) => Record<string, number>;
  evaluateEvery?: number;
  /** What to do when a loss is NaN or infinite: "stop" (default: record it and end), "throw", or "continue". */
  onNonFinite?: "stop" | "throw" | "continue";
}

function defaultStep<B>(model: TrainableModel | undefined): (batch: B) => Tensor {
  return (batch: B) => {
    if (model === undefined || typeof model.forward !== "function") {
      throw new QkvError("train: give a step function, or a model with forward() and batches of { inputs, targets }");
    }
    const { inputs, targets } = batch as unknown as { inputs?: Tensor; targets?: Tensor };
    if (!(inputs instanceof Tensor) || !(targets instanceof Tensor)) {
      throw new QkvError("train: without a step function each batch must be { inputs: Tensor, targets: Tensor }");
    }
    return crossEntropy(model.forward(inputs), targets);
  };
}

function countOf<B>(batches: TrainOptions<B>["batches"]): number | undefined {
  return Array.isArray(batches) ? batches.length : undefined;
}

/** Without a step count, each epoch's batches must be an array: a generator or iterator may never end. */
function checkBounded(source: unknown, what: string): void {
  if (Array.isArray(source)) return;
  throw new QkvError(
    `train: ${what} is ${describeValue(source)}, whose length is not known in advance ` +
      `(it may never end): give steps (the number of updates), or pass an array of batches`,
  );
}

function isIterable(x: unknown): boolean {
  return x !== null && x !== undefined && typeof (x as Iterable<unknown>)[Symbol.iterator] === "function";
}

/** Checks the options before the first step: a typo or a wrong type fails at once, not hours later. */
function checkTrainOptions<B>(options: TrainOptions<B>): void {
  if (typeof options !== "object" || options === null) {
    throw new QkvError(`train: needs options { batches, optimizer, step?, steps?, epochs?, ... }, got ${describeValue(options)}`);
  }
  if (!(options.optimizer instanceof Optimizer)) {
    throw new QkvError(`train: optimizer must be an Optimizer (e.g. new AdamW(model, { lr: 1e-3 })), got ${describeValue(options.optimizer)}`);
  }
  const { batches } = options;
  if (typeof batches !== "function" && (typeof batches === "string" || !isIterable(batches))) {
    throw new QkvError(`train: batches must be an array of batches, an iterable, or a function of the epoch giving one, got ${describeValue(batches)}`);
  }
  // Nothing loops without a bound: a generator or a function may never end, so the run needs a step count.
  if (typeof batches !== "function" && options.steps === undefined) checkBounded(batches, "batches");
  if (options.step !== undefined && typeof options.step !== "function") {
    throw new QkvError(`train: step must be a function (batch, { step, epoch }) => loss, got ${describeValue(options.step)}`);
  }
  if (options.schedule !== undefined && typeof options.schedule !== "function") {
    throw new QkvError(`train: schedule must be a function step => learning rate (e.g. warmupCosineSchedule({...})), got ${describeValue(options.schedule)}`);
  }
  if (options.clipGradNorm !== undefined) checkNumber("train", "clipGradNorm", options.clipGradNorm, (x) => x > 0, "> 0");
  for (const key of ["progressEvery", "evaluateEvery"] as const) {
    const v = options[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new QkvError(`train: ${key} must be a positive integer, got ${describeValue(v)}`);
  }
  for (const key of ["onProgress", "evaluate"] as const) {
    const v = options[key];
    if (v !== undefined && typeof v !== "function") throw new QkvError(`train: ${key} must be a function, got ${describeValue(v)}`);
  }
  const onNonFinite = options.onNonFinite;
  if (onNonFinite !== undefined && !["stop", "throw", "continue"].includes(onNonFinite)) {
    throw new QkvError(`train: onNonFinite must be "stop", "throw" or "continue", got ${describeValue(onNonFinite)}`);
  }
}

/** The loop as a generator that pauses after each progress report; train() and trainAsync() drive it. */
function* trainingRun<B>(options: TrainOptions<B>): Generator<void, TrainRecord[]> {
  checkTrainOptions(options);
  const { optimizer, schedule, model, onProgress, evaluate } = options;
  const progressEvery = options.progressEvery ?? 1;
  const onNonFinite = options.onNonFinite ?? "stop";
  if (options.epochs !== undefined && !(Number.isInteger(options.epochs) && options.epochs >= 1)) {
    throw new QkvError(`train: epochs must be a positive integer, got ${describeValue(options.epochs)}`);
  }
  if (options.steps !== undefined && !(Number.isInteger(options.steps) && options.steps >= 1)) {
    throw new QkvError(`train: steps must be a positive integer, got ${describeValue(options.steps)}`);
  }
  const maxSteps = options.steps ?? Infinity;
  const epochs = options.epochs ?? (options.steps !== undefined ? Infinity : 1);
  const perEpoch = countOf(options.batches);
  const perRun = perEpoch !== undefined ? perEpoch * epochs : undefined; // Infinity when only steps bounds the run
  const totalSteps = options.steps !== undefined ? Math.min(options.steps, perRun ?? Infinity) : perRun;
  const lossOf = options.step ?? defaultStep<B>(model);

  const history: TrainRecord[] = [];
  const started = performance.now();
  let step = 0;
  let stop = false;

  let lastEvaluated: TrainRecord | undefined;
  const runEvaluation = (record: TrainRecord) => {
    if (!evaluate || lastEvaluated === record) return;
    lastEvaluated = record;
    model?.eval?.();
    try {
      Object.assign(record, evaluate({ step: record.step, epoch: record.epoch }));
    } finally {
      model?.train?.();
    }
  };

  model?.train?.();
  for (let epoch = 0; epoch < epochs && !stop; epoch++) {
    const source = typeof options.batches === "function" ? options.batches(epoch) : options.batches;
    if (typeof options.batches === "function") {
      if (!isIterable(source) || typeof source === "string") throw new QkvError(`train: batches(${epoch}) must return an array or an iterable of batches, got ${describeValue(source)}`);
      if (options.steps === undefined) checkBounded(source, `batches(${epoch})`);
    }
    let batchesThisEpoch = 0;
    for (const batch of source) {
      batchesThisEpoch++;
      const lr = schedule ? schedule(step) : optimizer.lr;
      if (!(typeof lr === "number" && Number.isFinite(lr) && lr >= 0)) {
        // A NaN rate would turn every weight into NaN and end the run quietly.
        throw new QkvError(`train: the learning rate at step ${step} is ${describeValue(lr)}${schedule ? " (returned by schedule)" : ""}; it must be a finite number >= 0`);
      }
      optimizer.lr = lr;
      optimizer.zeroGrad();
      const loss = lossOf(batch, { step, epoch });
      if (!(loss instanceof Tensor) || loss.size !== 1) {
        throw new QkvError(`train: the step function must return a scalar loss tensor, got ${loss instanceof Tensor ? `shape ${formatShape(loss.shape)}` : typeof loss}`);
      }
      const value = loss.item();
      const record: TrainRecord = { step, epoch, loss: value, lr, elapsedMs: 0 };
      if (!Number.isFinite(value) && onNonFinite !== "continue") {
        if (onNonFinite === "throw") throw new QkvError(`train: loss became ${value} at step ${step} (lr ${lr}); try a smaller learning rate or clipGradNorm`);
        stop = true;
      } else {
        loss.backward();
        if (options.clipGradNorm !== undefined) record.gradNorm = clipGradNorm(optimizer.params, options.clipGradNorm);
        optimizer.step();
      }
      step++;
      const last = stop || step >= maxSteps;
      const evaluateEvery = options.evaluateEvery;
      if (evaluateEvery !== undefined ? step % evaluateEvery === 0 || last : last) runEvaluation(record);
      record.elapsedMs = performance.now() - started;
      history.push(record);
      if (onProgress && (step % progressEvery === 0 || last)) {
        onProgress({ record, totalSteps, history });
        yield;
      }
      if (last) {
        stop = true;
        break;
      }
    }
    if (batchesThisEpoch === 0) {
      throw new QkvError(`train: epoch ${epoch} had no batches (a generator can be read only once: pass an array or a function of the epoch)`);
    }
    // Default evaluation: at each epoch's end (the record is already reported; its metrics are added now).
    if (options.evaluateEvery === undefined && history.length > 0) runEvaluation(history[history.length - 1]);
  }
  return history;
}

/** Runs the training loop to the end and returns one record per update. */
export function train<B>(options: TrainOptions<B>): TrainRecord[] {
  const run = trainingRun(options);
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
  }
}

/** train(), but yields to the event loop after each progress report so live displays can redraw. */
export async function trainAsync<B>(options: TrainOptions<B>): Promise<TrainRecord[]> {
  const run = trainingRun(options);
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
