import { describe, expect, it } from "vitest";
import { accuracy, constantSchedule, perplexity, tensor, warmupCosineSchedule, warmupLinearSchedule } from "qkv";

describe("learning-rate schedules (hand-computed; Hugging Face's formulas)", () => {
  it("warm-up + linear: 0 → peak over the warm-up, then down to minLr at totalSteps", () => {
    const lr = warmupLinearSchedule({ peakLr: 1, warmupSteps: 4, totalSteps: 12 });
    expect([0, 1, 2, 4, 8, 12, 20].map(lr)).toEqual([0, 0.25, 0.5, 1, 0.5, 0, 0]);
    const floored = warmupLinearSchedule({ peakLr: 1, warmupSteps: 0, totalSteps: 10, minLr: 0.1 });
    expect(floored(0)).toBe(1);
    expect(floored(5)).toBeCloseTo(0.55, 12);
    expect(floored(10)).toBeCloseTo(0.1, 12);
  });

  it("warm-up + cosine: half a cosine from peak to minLr", () => {
    const lr = warmupCosineSchedule({ peakLr: 2, warmupSteps: 2, totalSteps: 6, minLr: 0 });
    expect(lr(1)).toBe(1);
    expect(lr(2)).toBe(2);
    expect(lr(3)).toBeCloseTo(1 + Math.cos(Math.PI / 4), 12); // progress 1/4: 2·0.5·(1 + cos(π/4))
    expect(lr(4)).toBeCloseTo(1, 12);
    expect(lr(6)).toBeCloseTo(0, 12);
    expect(lr(100)).toBeCloseTo(0, 12);
    expect(warmupCosineSchedule({ peakLr: 1, warmupSteps: 0, totalSteps: 2, minLr: 0.2 })(2)).toBeCloseTo(0.2, 12);
    expect(constantSchedule(0.3)(1000)).toBe(0.3);
  });

  it("refuses inconsistent settings", () => {
    expect(() => warmupCosineSchedule({ peakLr: 1, warmupSteps: 10, totalSteps: 10 })).toThrow(/warmupCosineSchedule: totalSteps must be an integer > warmupSteps \(10\), got 10/);
    expect(() => warmupLinearSchedule({ peakLr: 1, warmupSteps: 0, totalSteps: 5, minLr: 2 })).toThrow(/minLr must be in \[0, peakLr = 1\]/);
  });
});

describe("metrics", () => {
  it("accuracy from logits or from predicted ids, skipping ignored targets", () => {
    const logits = tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]]);
    const targets = tensor([1, 1, 1, -100], { dtype: "int32" });
    expect(accuracy(logits, targets)).toBeCloseTo(2 / 3, 12);
    expect(accuracy(tensor([1, 0, 0, 0], { dtype: "int32" }), targets)).toBeCloseTo(1 / 3, 12);
    expect(() => accuracy(tensor([[1, 2, 3]]), targets)).toThrow(/accuracy: predictions \(1,3\) must be int32 of the targets' shape \(4\) or logits \(4,C\)/);
  });

  it("perplexity is exp(mean cross-entropy): uniform over 8 classes gives 8", () => {
    expect(perplexity(Math.log(8))).toBeCloseTo(8, 10);
    const uniform = tensor([[[0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 1, 1]]]);
    expect(perplexity(uniform, tensor([[3, 5]], { dtype: "int32" }))).toBeCloseTo(8, 4);
  });
});
