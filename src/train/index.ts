// train: losses, optimizers, learning-rate schedules, the training loop and metrics. What is not listed here is internal.
export { crossEntropy, distillationLoss, softTargetLoss, mse } from "./losses.js";
export type { CrossEntropyOptions, DistillationOptions, MseOptions, Reduction } from "./losses.js";
export { Optimizer, SGD, Adam, AdamW, zeroGrad, clipGradNorm, collectParameters } from "./optimizers.js";
export type { ParameterSource, ParameterGroup, OptimizerParameters, SGDOptions, AdamOptions } from "./optimizers.js";
export { constantSchedule, warmupLinearSchedule, warmupCosineSchedule } from "./schedules.js";
export type { LrSchedule, WarmupScheduleOptions } from "./schedules.js";
export { train, trainAsync } from "./loop.js";
export type { TrainOptions, TrainRecord, TrainProgress, TrainableModel } from "./loop.js";
export { accuracy, perplexity } from "./metrics.js";
export type { AccuracyOptions } from "./metrics.js";
