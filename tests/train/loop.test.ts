import { describe, expect, it } from "vitest";
import { Rng, SGD, Adam, randn, tensor, train, trainAsync, warmupLinearSchedule, accuracy, type Tensor, type TrainProgress } from "qkv";

/** A linearly separable 3-class problem: class = argmax(x · W_true). */
function makeData(rng: Rng, n: number) {
  const wTrue = randn([4, 3], rng);
  const x = randn([n, 4], rng);
  const y = x.matmul(wTrue).argmax(-1);
  return { x, y };
}

/** Softmax regression: logits = x · w + b, parameters as plain tensors. */
function makeModel(rng: Rng) {
  const w = randn([4, 3], rng).mul(0.01);
  w.requiresGrad = true;
  const b = tensor([0, 0, 0], { requiresGrad: true });
  let mode = "train";
  return {
    w,
    b,
    get mode() {
      return mode;
    },
    parameters: () => [w, b],
    forward: (x: Tensor) => x.matmul(w).add(b),
    train() {
      mode = "train";
    },
    eval() {
      mode = "eval";
    },
  };
}

function batchesOf(x: Tensor, y: Tensor, size: number) {
  const out: { inputs: Tensor; targets: Tensor }[] = [];
  for (let i = 0; i < x.shape[0]; i += size) out.push({ inputs: x.slice(0, i, i + size), targets: y.slice(0, i, i + size) });
  return out;
}

describe("train", () => {
  it("drives the loss down and returns one record per update with step, epoch, loss, lr", () => {
    const rng = new Rng(1);
    const { x, y } = makeData(rng, 64);
    const model = makeModel(rng);
    const batches = batchesOf(x, y, 16);
    const optimizer = new Adam(model, { lr: 0.1 });
    const history = train({ model, batches, epochs: 10, optimizer });
    expect(history).toHaveLength(40);
    expect(history[0]).toMatchObject({ step: 0, epoch: 0, lr: 0.1 });
    expect(history[39]).toMatchObject({ step: 39, epoch: 9 });
    expect(history[39].loss).toBeLessThan(history[0].loss / 3);
    expect(accuracy(model.forward(x), y)).toBeGreaterThan(0.9);
    expect(history.every((r, i) => i === 0 || r.elapsedMs >= history[i - 1].elapsedMs)).toBe(true);
  });

  it("follows the schedule, stops after `steps` (cycling the batches), clips, reports progress and evaluates", () => {
    const rng = new Rng(2);
    const { x, y } = makeData(rng, 32);
    const model = makeModel(rng);
    const optimizer = new SGD(model, { lr: 0, momentum: 0.9 });
    const schedule = warmupLinearSchedule({ peakLr: 0.5, warmupSteps: 2, totalSteps: 10 });
    const reports: TrainProgress[] = [];
    const modesSeen: string[] = [];
    const history = train({
      step: (batch: { inputs: Tensor; targets: Tensor }) => {
        modesSeen.push(model.mode);
        const logits = model.forward(batch.inputs);
        return logits.logSoftmax(-1).mul(-1).mean(); // any scalar works
      },
      model,
      batches: batchesOf(x, y, 8),
      steps: 10,
      optimizer,
      schedule,
      clipGradNorm: 0.1,
      progressEvery: 3,
      onProgress: (p) => reports.push({ ...p, history: [...p.history] }),
      evaluate: () => {
        modesSeen.push(model.mode);
        return { heldOutAccuracy: accuracy(model.forward(x), y) };
      },
      evaluateEvery: 5,
    });
    expect(history.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(history.map((r) => r.epoch)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
    expect(history.map((r) => r.lr)).toEqual(Array.from({ length: 10 }, (_, s) => schedule(s)));
    expect(history.every((r) => typeof r.gradNorm === "number" && r.gradNorm > 0)).toBe(true);
    expect(reports.map((p) => p.record.step)).toEqual([2, 5, 8, 9]);
    expect(reports[0].totalSteps).toBe(10);
    expect(history[4].heldOutAccuracy).toBeTypeOf("number");
    expect(history[9].heldOutAccuracy).toBeTypeOf("number");
    expect(history[3].heldOutAccuracy).toBeUndefined();
    expect(modesSeen.filter((m) => m === "eval")).toHaveLength(2);
    expect(model.mode).toBe("train");
  });

  it("stops at a non-finite loss by default, or throws when asked", () => {
    const w = tensor([1], { requiresGrad: true });
    const optimizer = new SGD([w], { lr: 0.1 });
    const lossAt = (s: number) => (s < 2 ? w.mul(1).sum() : w.mul(Infinity).sum());
    const history = train({ step: (_b: number, { step }) => lossAt(step), batches: [0, 1, 2, 3, 4], optimizer });
    expect(history.map((r) => r.loss)).toEqual([1, 0.9, Infinity].map((v, i) => (i < 2 ? expect.closeTo(v, 6) : v)));
    expect(() => train({ step: (_b: number, { step }) => lossAt(step), batches: [0, 1, 2, 3], optimizer, onNonFinite: "throw" })).toThrow(/train: loss became Infinity at step 2/);
  });

  it("explains a generator that ran dry and a step that returns no scalar", () => {
    const w = tensor([1], { requiresGrad: true });
    const optimizer = new SGD([w], { lr: 0.1 });
    function* once() {
      yield 1;
    }
    expect(() => train({ step: () => w.sum(), batches: once(), epochs: 2, steps: 5, optimizer })).toThrow(/train: epoch 1 had no batches/);
    expect(() => train({ step: () => w.mul(tensor([1, 2])), batches: [1], optimizer })).toThrow(/must return a scalar loss tensor, got shape \(2\)/);
    expect(() => train({ batches: [1], optimizer })).toThrow(/give a step function, or a model with forward\(\)/);
  });

  it("trainAsync gives the same history as train and lets the event loop run between reports", async () => {
    const run = async (useAsync: boolean) => {
      const rng = new Rng(3);
      const { x, y } = makeData(rng, 16);
      const model = makeModel(rng);
      const options = { model, batches: batchesOf(x, y, 4), epochs: 2, optimizer: new Adam(model, { lr: 0.05 }), onProgress: () => {} };
      return useAsync ? trainAsync(options) : train(options);
    };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const asyncHistory = await run(true);
    clearInterval(timer);
    const syncHistory = await run(false);
    expect(asyncHistory.map((r) => r.loss)).toEqual(syncHistory.map((r) => r.loss));
    expect(ticks).toBeGreaterThan(0);
  });
});
