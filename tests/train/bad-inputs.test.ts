/**
 * Bad inputs to the training area (losses, optimizers, schedules, the loop, metrics) and the message
 * each must give: the function, the argument, what was given and what is allowed (issue 19).
 * Optimizer ranges follow PyTorch's own checks (lr, eps, momentum, weight decay >= 0; betas in [0, 1);
 * "optimizer got an empty parameter list").
 */
import { describe, expect, it } from "vitest";
import { type BadInputCase, describeBadInputs } from "../bad-inputs-kit.js";
import {
  SGD, Adam, AdamW, tensor, zeros, train, crossEntropy, mse, distillationLoss, softTargetLoss, accuracy, perplexity,
  clipGradNorm, zeroGrad, constantSchedule, warmupLinearSchedule, warmupCosineSchedule,
} from "qkv";

const any = <T>(v: unknown) => v as T;
const p = () => [zeros([2], { requiresGrad: true })];
const logits = tensor([[1, 2, 3], [0, 1, 0]]);
const y = tensor([2, 0], { dtype: "int32" });
const step = (w = p()) => () => w[0].sum();
function* endless() {
  for (;;) yield 1;
}

const cases: BadInputCase[] = [
  // optimizers: hyper-parameters PyTorch rejects
  ["SGD with a negative lr", () => new SGD(p(), { lr: -1 }), /^SGD: lr must be a number >= 0, got -1$/],
  ["SGD with lr given as a string", () => new SGD(p(), { lr: any("0.1") }), /^SGD: lr must be a number >= 0, got "0\.1"$/],
  ["SGD with a negative momentum", () => new SGD(p(), { lr: 0.1, momentum: -1 }), /^SGD: momentum must be a number >= 0, got -1$/],
  ["SGD with a negative weight decay", () => new SGD(p(), { lr: 0.1, weightDecay: -1 }), /^SGD: weightDecay must be a number >= 0, got -1$/],
  ["SGD with dampening 2", () => new SGD(p(), { lr: 0.1, momentum: 0.9, dampening: 2 }), /^SGD: dampening must be a number in \[0, 1\], got 2$/],
  ["SGD without options", () => new SGD(p(), any(undefined)), /^SGD: needs options with a learning rate, e\.g\. new SGD\(params, \{ lr: 0\.1 \}\), got undefined$/],
  ["Adam with a negative eps", () => new Adam(p(), { eps: -1 }), /^Adam: eps must be a number >= 0, got -1$/],
  ["Adam with beta2 = 1", () => new Adam(p(), { betas: [0.9, 1] }), /^Adam: betas must be in \[0, 1\), got \[0\.9, 1\]$/],
  ["Adam with one beta", () => new Adam(p(), { betas: any(0.9) }), /^Adam: betas must be a pair \[beta1, beta2\] in \[0, 1\), e\.g\. \[0\.9, 0\.999\], got 0\.9$/],
  ["Adam with a negative weight decay", () => new Adam(p(), { weightDecay: -1 }), /^Adam: weightDecay must be a number >= 0, got -1$/],
  ["Adam with lr NaN", () => new Adam(p(), { lr: NaN }), /^Adam: lr must be a number >= 0, got NaN$/],
  ["AdamW with an empty parameter list", () => new AdamW([]), /^AdamW: got an empty parameter list \(nothing to train; did the model register its parameters\?\)$/],
  ["Adam given a tensor instead of a list", () => new Adam(any(p()[0])), /^Adam: expected a list of parameters or a Module with parameters\(\), got a Tensor of shape \(2\) and dtype float32 \(put it in a list: \[t\]\)$/],
  ["clipGradNorm with a string", () => clipGradNorm(p(), any("1")), /^clipGradNorm: maxNorm must be a number > 0 \(or Infinity: never clip\), got "1"$/],
  ["zeroGrad of a number", () => zeroGrad(any(5)), /^zeroGrad: expected a list of parameters or a Module with parameters\(\), got 5$/],
  // schedules: never a NaN rate
  ["a schedule asked for step NaN", () => warmupLinearSchedule({ peakLr: 1, warmupSteps: 0, totalSteps: 10 })(NaN), /^warmupLinearSchedule: step must be an integer >= 0 \(0 = the first update\), got NaN$/],
  ["a schedule asked for step -1", () => warmupCosineSchedule({ peakLr: 1, warmupSteps: 2, totalSteps: 10 })(-1), /^warmupCosineSchedule: step must be an integer >= 0 \(0 = the first update\), got -1$/],
  ["a schedule without options", () => warmupCosineSchedule(any(undefined)), /^warmupCosineSchedule: needs options \{ peakLr, warmupSteps, totalSteps, minLr\? \}, got undefined$/],
  ["constantSchedule(NaN)", () => constantSchedule(NaN), /^constantSchedule: lr must be a number >= 0, got NaN$/],
  // the loop: checked before the first step; nothing loops without a bound
  ["train with a schedule returning NaN", () => train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: [1, 2], step: step(), schedule: () => NaN }), /^train: the learning rate at step 0 is NaN \(returned by schedule\); it must be a finite number >= 0$/],
  ["train with an endless generator and no steps", () => train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: endless(), step: step() }), /^train: batches is an iterator \(such as a generator\), whose length is not known in advance \(it may never end\): give steps \(the number of updates\), or pass an array of batches$/],
  ["train with a function giving an endless generator and no steps", () => train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: () => endless(), step: step() }), /^train: batches\(0\) is an iterator \(such as a generator\), whose length is not known in advance/],
  ["train without an optimizer", () => train(any<Parameters<typeof train>[0]>({ batches: [1], step: step() })), /^train: optimizer must be an Optimizer \(e\.g\. new AdamW\(model, \{ lr: 1e-3 \}\)\), got undefined$/],
  ["train with batches a number", () => train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: any<number[]>(5), step: step() }), /^train: batches must be an array of batches, an iterable, or a function of the epoch giving one, got 5$/],
  ["train with clipGradNorm -1", () => train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: [1], step: step(), clipGradNorm: -1 }), /^train: clipGradNorm must be a number > 0, got -1$/],
  ["train with progressEvery 0", () => train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: [1], step: step(), progressEvery: 0 }), /^train: progressEvery must be a positive integer, got 0$/],
  ["train with an unknown onNonFinite", () => train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: [1], step: step(), onNonFinite: any("ignore") }), /^train: onNonFinite must be "stop", "throw" or "continue", got "ignore"$/],
  ["train with steps 1.5", () => train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: [1], step: step(), steps: 1.5 }), /^train: steps must be a positive integer, got 1\.5$/],
  // losses and metrics
  ["crossEntropy of arrays", () => crossEntropy(any([[1, 2]]), y), /^crossEntropy: logits must be a Tensor, got an array of length 1 \(wrap it: tensor\(\.\.\.\)\)$/],
  ["crossEntropy with array targets", () => crossEntropy(logits, any([2, 0])), /^crossEntropy: targets must be a Tensor, got \[2,0\] \(an array\)/],
  ["crossEntropy with a fractional ignoreIndex", () => crossEntropy(logits, y, { ignoreIndex: 0.5 }), /^crossEntropy: ignoreIndex must be an integer, got 0\.5$/],
  ["mse of an array", () => mse(any([1]), tensor([1])), /^mse: prediction must be a Tensor, got \[1\] \(an array\)/],
  ["distillationLoss with an array teacher", () => distillationLoss(logits, any([[1]]), y), /^distillationLoss: teacherLogits must be a Tensor, got an array of length 1/],
  ["softTargetLoss with an array student", () => softTargetLoss(any([1]), logits), /^softTargetLoss: studentLogits must be a Tensor, got \[1\] \(an array\)/],
  ["accuracy of an array", () => accuracy(any([1]), y), /^accuracy: predictions must be a Tensor, got \[1\] \(an array\)/],
  ["accuracy with float targets", () => accuracy(logits, tensor([2, 0])), /^accuracy: targets must be int32 class indices, got float32 of shape \(2\)$/],
  ["perplexity of a negative loss", () => perplexity(-1), /^perplexity: the loss must be a mean cross-entropy in nats \(a number >= 0\), got -1$/],
  ["perplexity of a string", () => perplexity(any("2")), /^perplexity: loss must be a Tensor, got "2"$/],
];

describeBadInputs("train", cases);

describe("train: bounded sources still run", () => {
  it("a generator with a step count stops after that many updates", () => {
    const history = train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: endless(), step: step(), steps: 3 });
    expect(history.map((r) => r.step)).toEqual([0, 1, 2]);
  });
  it("a function of the epoch returning arrays needs no step count", () => {
    const history = train({ optimizer: new SGD(p(), { lr: 0.1 }), batches: () => [1, 2], epochs: 2, step: step() });
    expect(history.length).toBe(4);
  });
});
