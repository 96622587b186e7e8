// Grader for lesson 08 (backpropagation): 08.1 linearBackward, 08.2 softmaxCrossEntropyBackward,
// 08.3 attentionBackward, 08.4 adamStep.
// Oracles: the library's autograd (backward() through linear, crossEntropy and scaledDotProductAttention,
// in float64) and the library's Adam / AdamW optimizers stepped on the same parameters and gradients.
// Hand-computed cases pin the basics. Shapes are non-square and batched (all sizes differ), so that a
// wrong transpose or a forgotten sum over the batch cannot pass by accident.
import { Adam, AdamW, Rng, crossEntropy, linear, randn, scaledDotProductAttention, tensor, zeros, type Tensor } from "qkv";
import { exercise, expectClose, expectShape, expectThrows, expectTensor, expectTrue, expectValues, formatList, target } from "./grader-kit.js";

type Lesson = typeof import("../../solutions/08-backpropagation.js");
const lesson = target<Lesson>("08-backpropagation");

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
const shapeText = (shape: number[]) => `[${shape.join(", ")}]`;
const f64 = (shape: number[], rng: Rng, scale = 1) => randn(shape, rng, { dtype: "float64" }).mul(scale);
const leaf = (t: Tensor) => tensor(t.data.slice() as Float64Array, { shape: [...t.shape], dtype: "float64", requiresGrad: true });

/** Remembers the values of some inputs; check() fails if any of them changed. */
function snapshot(named: Record<string, Tensor>): { check(call: string): void } {
  const before = Object.entries(named).map(([name, t]) => [name, t, values(t)] as [string, Tensor, number[]]);
  return {
    check(call: string) {
      for (const [name, t, old] of before) {
        const now = values(t);
        expectTrue(now.every((v, i) => Object.is(v, old[i])),
          `${call} changed its input ${name}: it was ${formatList(old)}, is now ${formatList(now)}. Build new tensors instead of writing into .data`);
      }
    },
  };
}

/** Checks that a result is an object holding tensors under the given keys. */
function expectTensors<K extends string>(result: unknown, keys: K[], what: string): asserts result is Record<K, Tensor> {
  const r = result as Record<string, unknown> | null;
  expectTrue(r !== null && typeof r === "object" && keys.every((key) => key in r),
    `${what} should return an object { ${keys.join(", ")} }, got ${r === null ? "null" : typeof r === "object" ? `{ ${Object.keys(r).join(", ")} }` : typeof r}`);
  for (const key of keys) expectTensor(r![key], `${what}.${key}`);
}

// ---- 08.1 linearBackward -----------------------------------------------------------------------

/** The library's gradients of L = Σ linear(x, W) ⊙ dY with respect to x and W, and db = its bias gradient. */
function linearOracle(x: Tensor, W: Tensor, dY: Tensor) {
  // The library's linear wants at least one leading axis: a 1-D x is one row (its gradient has the same values).
  const [xl, Wl] = [leaf(x.ndim === 1 ? x.reshape(1, -1) : x), leaf(W)];
  const b = tensor(new Float64Array(W.shape[0]), { dtype: "float64", requiresGrad: true });
  linear(xl, Wl, b).mul(dY.ndim === 1 ? dY.reshape(1, -1) : dY).sum().backward();
  return { dX: xl.grad!, dW: Wl.grad!, db: b.grad! };
}

exercise("08.1", "computes a hand-checked example", {
  points: 1,
  hint: "dX = dY W (not Wᵀ: W is (out, in), dY is (…, out)), dW = dYᵀ x, db = the sum of dY over the rows.",
}, () => {
  const result = lesson.linearBackward(tensor([[1, 2]]), tensor([[1, 0], [0, 1], [1, 1]]), tensor([[1, 0, 2]]));
  expectTensors(result, ["dX", "dW", "db"], "linearBackward(x, W, dY)");
  expectValues(result.dX, [3, 2], [1, 2], "linearBackward([[1, 2]], W, [[1, 0, 2]]).dX");
  expectValues(result.dW, [1, 2, 0, 0, 2, 4], [3, 2], "linearBackward([[1, 2]], W, [[1, 0, 2]]).dW");
  expectValues(result.db, [1, 0, 2], [3], "linearBackward([[1, 2]], W, [[1, 0, 2]]).db");
});

exercise("08.1", "matches backward() for 1-D, 2-D, 3-D and 4-D inputs", {
  points: 3,
  hint: "Flatten every leading axis of x and dY into one axis of N rows (x.reshape(N, in), dY.reshape(N, out)); then dW = dYᵀ x is (out, in) and db sums over all N rows, whatever the batch shape. dX must come back in x's own shape.",
}, () => {
  const rng = new Rng(81);
  for (const [lead, inF, out] of [[[5], 3, 4], [[2, 3], 4, 6], [[2, 2, 3], 5, 3], [[], 3, 2]] as [number[], number, number][]) {
    const x = f64([...lead, inF], rng);
    const W = f64([out, inF], rng);
    const dY = f64([...lead, out], rng);
    const expected = linearOracle(x, W, dY);
    const what = `linearBackward(x ${shapeText(x.shape)}, W ${shapeText(W.shape)}, dY ${shapeText(dY.shape)})`;
    const result = lesson.linearBackward(x, W, dY);
    expectTensors(result, ["dX", "dW", "db"], what);
    expectValues(result.dX, expected.dX.data, x.shape, `${what}.dX`, 1e-9);
    expectValues(result.dW, expected.dW.data, [out, inF], `${what}.dW`, 1e-9);
    expectValues(result.db, expected.db.data, [out], `${what}.db`, 1e-9);
  }
});

exercise("08.1", "rejects shapes that do not fit", {
  points: 1,
  hint: "Check before computing: W must be 2-D (out, in); x must end in `in`; dY must have x's leading axes followed by `out`. A (2, 3, ·) dY with a (3, 2, ·) x has the right number of rows but the wrong shape: throw an Error naming linearBackward and the shapes.",
}, () => {
  const rng = new Rng(82);
  expectThrows(() => lesson.linearBackward(f64([4, 3], rng), f64([3], rng), f64([4, 3], rng)), "linearBackward(x [4, 3], W [3], dY [4, 3])");
  expectThrows(() => lesson.linearBackward(f64([4, 5], rng), f64([2, 3], rng), f64([4, 2], rng)), "linearBackward(x [4, 5], W [2, 3], dY [4, 2])");
  expectThrows(() => lesson.linearBackward(f64([4, 3], rng), f64([2, 3], rng), f64([4, 5], rng)), "linearBackward(x [4, 3], W [2, 3], dY [4, 5])");
  expectThrows(() => lesson.linearBackward(f64([2, 3, 4], rng), f64([5, 4], rng), f64([3, 2, 5], rng)), "linearBackward(x [2, 3, 4], W [5, 4], dY [3, 2, 5])");
  expectThrows(() => lesson.linearBackward(f64([6, 4], rng), f64([5, 4], rng), f64([2, 3, 5], rng)), "linearBackward(x [6, 4], W [5, 4], dY [2, 3, 5])");
});

exercise("08.1", "leaves x, W and dY unchanged", {
  points: 1,
  hint: "Use tensor operations that return new tensors (matmul, transpose, sum, reshape of a copy); never write into x.data, W.data or dY.data.",
}, () => {
  const rng = new Rng(83);
  const x = f64([2, 3, 4], rng);
  const W = f64([5, 4], rng);
  const dY = f64([2, 3, 5], rng);
  const inputs = snapshot({ x, W, dY });
  const result = lesson.linearBackward(x, W, dY);
  inputs.check("linearBackward(x, W, dY)");
  expectTensors(result, ["dX", "dW", "db"], "linearBackward(x, W, dY)");
  const expected = linearOracle(x, W, dY);
  expectValues(result.dW, expected.dW.data, [5, 4], "linearBackward(x [2, 3, 4], W [5, 4], dY [2, 3, 5]).dW", 1e-9);
  expectValues(result.db, expected.db.data, [5], "linearBackward(x [2, 3, 4], W [5, 4], dY [2, 3, 5]).db", 1e-9);
});

// ---- 08.2 softmaxCrossEntropyBackward ----------------------------------------------------------

/** The library's mean cross-entropy and its gradient with respect to the logits. */
function crossEntropyOracle(logits: Tensor, targets: Tensor, ignoreIndex = -100) {
  const z = leaf(logits);
  const loss = crossEntropy(z, targets, { ignoreIndex });
  loss.backward();
  return { loss: loss.item(), dLogits: z.grad! };
}

function expectLossResult(result: unknown, what: string): asserts result is { loss: number; dLogits: Tensor } {
  const r = result as { loss?: unknown; dLogits?: unknown } | null;
  expectTrue(r !== null && typeof r === "object" && "loss" in r && "dLogits" in r, `${what} should return an object { loss, dLogits }`);
  expectTrue(typeof r!.loss === "number", `${what}.loss should be a number, got ${typeof r!.loss}${(r!.loss as object | null)?.constructor?.name === "Tensor" ? " (a Tensor: use .item())" : ""}`);
  expectTensor(r!.dLogits, `${what}.dLogits`);
}

const ids = (list: number[], shape?: number[]) => tensor(list, { dtype: "int32", shape: shape ?? [list.length] });

exercise("08.2", "computes a hand-checked example with an ignored target", {
  points: 1,
  hint: "The loss is −ln p of the right class, averaged over the targets that count; the gradient is (p − one-hot)/M on those rows and 0 on ignored rows (target −100).",
}, () => {
  const result = lesson.softmaxCrossEntropyBackward(tensor([[0, 0], [0, 5]]), ids([1, -100]));
  expectLossResult(result, "softmaxCrossEntropyBackward([[0, 0], [0, 5]], [1, -100])");
  expectClose(result.loss, Math.LN2, "softmaxCrossEntropyBackward([[0, 0], [0, 5]], [1, -100]).loss");
  expectValues(result.dLogits, [0.5, -0.5, 0, 0], [2, 2], "softmaxCrossEntropyBackward([[0, 0], [0, 5]], [1, -100]).dLogits");
});

exercise("08.2", "matches crossEntropy and its backward() for (N, C) and (B, T, C)", {
  points: 3,
  hint: "Softmax over the LAST axis; the gradient is (p − one-hot) divided by M, the number of targets that are NOT ignored (not by all positions, not by the number of classes). Ignored rows get gradient 0 and nothing in the loss; use the ignoreIndex argument, not a constant.",
}, () => {
  const rng = new Rng(84);
  const cases: [Tensor, Tensor, number][] = [
    [f64([5, 3], rng, 2), ids([2, 0, 1, 1, 2]), -100],
    [f64([2, 4, 6], rng, 2), ids([5, -100, 0, 3, 1, 1, -100, 4], [2, 4]), -100],
    [f64([3, 2, 5], rng, 2), ids([0, 1, 2, 3, 4, -100], [3, 2]), -100],
    [f64([4, 3], rng, 2), ids([0, 2, 1, 2]), 2],
  ];
  for (const [logits, targets, ignoreIndex] of cases) {
    const expected = crossEntropyOracle(logits, targets, ignoreIndex);
    const what = `softmaxCrossEntropyBackward(logits ${shapeText(logits.shape)}, targets ${formatList(values(targets))}${ignoreIndex === -100 ? "" : `, ignoreIndex ${ignoreIndex}`})`;
    const result = lesson.softmaxCrossEntropyBackward(logits, targets, ignoreIndex);
    expectLossResult(result, what);
    expectClose(result.loss, expected.loss, `${what}.loss`, 1e-9);
    expectValues(result.dLogits, expected.dLogits.data, logits.shape, `${what}.dLogits`, 1e-9);
  }
});

exercise("08.2", "stays finite and right for huge and tiny logits", {
  points: 1,
  hint: "exp(1e4) is Infinity and Infinity/Infinity is NaN: subtract each row's maximum before exp (the tensor's .softmax and .logSoftmax do), and take the loss from log-softmax rather than ln(p), which is ln(0) = −Infinity when p underflows.",
}, () => {
  const rng = new Rng(85);
  for (const [scale, label] of [[1e4, "huge (±1e4)"], [3e2, "large (±300, where p of a wrong class underflows)"], [1e-7, "tiny (±1e-7)"]] as [number, string][]) {
    const logits = f64([2, 3, 4], rng, scale);
    const targets = ids([0, 1, 2, 3, 3, 0], [2, 3]);
    const expected = crossEntropyOracle(logits, targets);
    const what = `softmaxCrossEntropyBackward of ${label} logits ${shapeText(logits.shape)}`;
    const result = lesson.softmaxCrossEntropyBackward(logits, targets);
    expectLossResult(result, what);
    expectTrue(Number.isFinite(result.loss) && values(result.dLogits).every(Number.isFinite), `${what} gave a loss of ${result.loss} and gradient ${formatList(values(result.dLogits))}: not finite`);
    expectClose(result.loss, expected.loss, `${what}.loss`, 1e-9);
    expectValues(result.dLogits, expected.dLogits.data, logits.shape, `${what}.dLogits`, 1e-9);
  }
});

exercise("08.2", "rejects invalid targets and shapes", {
  points: 1,
  hint: "Check every target (the last one too): a whole number in [0, C), or ignoreIndex. Throw for C or more, for negatives other than ignoreIndex, for 1.5, for targets whose shape is not the logits' shape without the class axis, and when no target counts (M = 0 would divide by zero).",
}, () => {
  const rng = new Rng(86);
  const logits = f64([3, 4], rng);
  expectThrows(() => lesson.softmaxCrossEntropyBackward(logits, ids([0, 1, 4])), "softmaxCrossEntropyBackward(logits [3, 4], targets [0, 1, 4]) (4 is not a class)");
  expectThrows(() => lesson.softmaxCrossEntropyBackward(logits, ids([-1, 1, 2])), "softmaxCrossEntropyBackward(logits [3, 4], targets [-1, 1, 2])");
  expectThrows(() => lesson.softmaxCrossEntropyBackward(logits, tensor([0, 1, 1.5])), "softmaxCrossEntropyBackward(logits [3, 4], targets [0, 1, 1.5])");
  expectThrows(() => lesson.softmaxCrossEntropyBackward(logits, ids([0, 1])), "softmaxCrossEntropyBackward(logits [3, 4], targets [0, 1]) (one target too few)");
  expectThrows(() => lesson.softmaxCrossEntropyBackward(f64([2, 3, 4], rng), ids([0, 1, 2, 3, 0, 1])), "softmaxCrossEntropyBackward(logits [2, 3, 4], targets of shape [6])");
  expectThrows(() => lesson.softmaxCrossEntropyBackward(logits, ids([-100, -100, -100])), "softmaxCrossEntropyBackward(logits [3, 4], every target −100)");
});

exercise("08.2", "leaves logits and targets unchanged", {
  points: 1,
  hint: "Compute the softmax into a new tensor (logits.softmax(-1)) or new arrays; never subtract the maximum or write the gradient into logits.data.",
}, () => {
  const rng = new Rng(87);
  const logits = f64([2, 3, 5], rng, 3);
  const targets = ids([4, 0, -100, 2, 2, 1], [2, 3]);
  const inputs = snapshot({ logits, targets });
  const result = lesson.softmaxCrossEntropyBackward(logits, targets);
  inputs.check("softmaxCrossEntropyBackward(logits, targets)");
  expectLossResult(result, "softmaxCrossEntropyBackward(logits, targets)");
  const expected = crossEntropyOracle(logits, targets);
  expectValues(result.dLogits, expected.dLogits.data, [2, 3, 5], "softmaxCrossEntropyBackward(logits [2, 3, 5], targets).dLogits", 1e-9);
});

// ---- 08.3 attentionBackward --------------------------------------------------------------------

/** The library's gradients of L = Σ attention(q, k, v) ⊙ dOut. */
function attentionOracle(q: Tensor, k: Tensor, v: Tensor, dOut: Tensor, mask?: Tensor) {
  const [ql, kl, vl] = [leaf(q), leaf(k), leaf(v)];
  scaledDotProductAttention(ql, kl, vl, { mask }).output.mul(dOut).sum().backward();
  return { dQ: ql.grad!, dK: kl.grad!, dV: vl.grad! };
}

function expectAttentionGradients(q: Tensor, k: Tensor, v: Tensor, dOut: Tensor, mask: Tensor | undefined, what: string, tolerance = 1e-9) {
  const expected = attentionOracle(q, k, v, dOut, mask);
  const result = lesson.attentionBackward(q, k, v, dOut, mask);
  expectTensors(result, ["dQ", "dK", "dV"], what);
  for (const key of ["dQ", "dK", "dV"] as const) {
    const got = values(result[key]);
    expectTrue(got.every(Number.isFinite), `${what}.${key} contains NaN or Infinity: ${formatList(got)}`);
    expectValues(result[key], expected[key].data, expected[key].shape, `${what}.${key}`, tolerance);
  }
}

exercise("08.3", "gives dV = dOut and dQ = dK = 0 for one key", {
  points: 1,
  hint: "With one key every weight is 1, so O = V and nothing depends on Q or K: dQ and dK are zeros of their own shapes, dV = Aᵀ dOut = dOut.",
}, () => {
  const result = lesson.attentionBackward(tensor([[[1, 2]]]), tensor([[[3, 4]]]), tensor([[[5]]]), tensor([[[2]]]));
  expectTensors(result, ["dQ", "dK", "dV"], "attentionBackward(q [[[1, 2]]], k [[[3, 4]]], v [[[5]]], dOut [[[2]]])");
  expectValues(result.dQ, [0, 0], [1, 1, 2], "attentionBackward(one key).dQ");
  expectValues(result.dK, [0, 0], [1, 1, 2], "attentionBackward(one key).dK");
  expectValues(result.dV, [2], [1, 1, 1], "attentionBackward(one key).dV");
});

exercise("08.3", "matches backward() for batches with T ≠ S and d ≠ dv", {
  points: 3,
  hint: "dV = Aᵀ dOut; dA = dOut Vᵀ; the softmax backward is dS = A ⊙ (dA − rowsum(dA ⊙ A)) (keep the row sum, sum(-1, true)); then dQ = dS K / √d and dK = dSᵀ Q / √d — both carry the 1/√d of the forward pass, d = the size of a query.",
}, () => {
  const rng = new Rng(88);
  for (const [B, T, S, d, dv] of [[2, 3, 5, 4, 6], [3, 4, 2, 9, 3], [1, 6, 6, 16, 5]]) {
    const [q, k, v, dOut] = [f64([B, T, d], rng), f64([B, S, d], rng), f64([B, S, dv], rng), f64([B, T, dv], rng)];
    expectAttentionGradients(q, k, v, dOut, undefined, `attentionBackward(q ${shapeText(q.shape)}, k ${shapeText(k.shape)}, v ${shapeText(v.shape)}, dOut ${shapeText(dOut.shape)})`);
  }
});

exercise("08.3", "follows (T, S) and (B, T, S) masks, fully masked rows included", {
  points: 2,
  hint: "Set masked scores (mask false) to −Infinity before the softmax (scores.maskedFill(mask.logicalNot(), -Infinity)); the library's softmax turns a fully masked row into zeros, so that query's output and gradients are 0, not NaN. A (T, S) mask applies to every batch entry.",
}, () => {
  const rng = new Rng(89);
  const [B, T, S, d, dv] = [2, 4, 5, 3, 2];
  const [q, k, v, dOut] = [f64([B, T, d], rng), f64([B, S, d], rng), f64([B, S, dv], rng), f64([B, T, dv], rng)];
  const causalLike = tensor(Array.from({ length: T }, (_, i) => Array.from({ length: S }, (_, j) => j <= i + 1)), { dtype: "bool" });
  expectAttentionGradients(q, k, v, dOut, causalLike, "attentionBackward(q [2, 4, 3], k [2, 5, 3], …, mask (T, S): key j ≤ query i + 1)");
  // Batch 0: the last key is padding; batch 1: query 2 sees nothing at all.
  const perBatch = tensor(Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, i) => Array.from({ length: S }, (_, j) => (b === 0 ? j < S - 1 : i !== 2 && (j + i) % 2 === 0)))), { dtype: "bool" });
  expectAttentionGradients(q, k, v, dOut, perBatch, "attentionBackward(q [2, 4, 3], k [2, 5, 3], …, mask (B, T, S) with a fully masked row)");
  const result = lesson.attentionBackward(q, k, v, dOut, perBatch);
  const dQ = values(result.dQ);
  const row = dQ.slice((1 * T + 2) * d, (1 * T + 2) * d + d);
  expectTrue(row.every((x) => x === 0), `the fully masked query (batch 1, query 2) should get dQ = 0, got ${formatList(row)}`);
});

exercise("08.3", "stays finite for large scores", {
  points: 1,
  hint: "Scores of several hundred overflow exp: take the weights with the tensor's .softmax(-1) (it subtracts each row's maximum), not exp(s) / Σ exp(s).",
}, () => {
  const rng = new Rng(90);
  const [q, k, v, dOut] = [f64([2, 3, 4], rng, 30), f64([2, 5, 4], rng, 30), f64([2, 5, 3], rng), f64([2, 3, 3], rng)];
  expectAttentionGradients(q, k, v, dOut, undefined, "attentionBackward(30·q, 30·k, v, dOut) (scores in the hundreds)", 1e-7);
});

exercise("08.3", "rejects shapes that do not fit", {
  points: 1,
  hint: "Check the shapes first and throw an Error naming attentionBackward: q (B, T, d), k (B, S, d), v (B, S, dv), dOut (B, T, dv), all 3-D, and a bool mask of shape (T, S) or (B, T, S) only.",
}, () => {
  const rng = new Rng(91);
  const [q, k, v, dOut] = [f64([2, 3, 4], rng), f64([2, 5, 4], rng), f64([2, 5, 6], rng), f64([2, 3, 6], rng)];
  const all = (shape: number[]) => tensor(new Array(shape.reduce((a, b) => a * b, 1)).fill(true), { dtype: "bool", shape });
  expectThrows(() => lesson.attentionBackward(q, f64([2, 5, 3], rng), v, dOut), "attentionBackward(q [2, 3, 4], k [2, 5, 3], …) (d differs)");
  expectThrows(() => lesson.attentionBackward(q, k, f64([2, 4, 6], rng), dOut), "attentionBackward(…, k [2, 5, 4], v [2, 4, 6], …) (S differs)");
  expectThrows(() => lesson.attentionBackward(q, k, v, f64([2, 3, 5], rng)), "attentionBackward(…, v [2, 5, 6], dOut [2, 3, 5])");
  expectThrows(() => lesson.attentionBackward(q, k, v, f64([2, 5, 6], rng)), "attentionBackward(q [2, 3, 4], …, dOut [2, 5, 6]) (T differs)");
  expectThrows(() => lesson.attentionBackward(f64([3, 4], rng), f64([5, 4], rng), f64([5, 6], rng), f64([3, 6], rng)), "attentionBackward with 2-D inputs");
  expectThrows(() => lesson.attentionBackward(q, k, v, dOut, all([5, 3])), "attentionBackward(…, mask [5, 3]) (should be (T, S) = (3, 5))");
  expectThrows(() => lesson.attentionBackward(q, k, v, dOut, all([1, 3, 5])), "attentionBackward(…, mask [1, 3, 5]) (should be (3, 5) or (2, 3, 5))");
  expectThrows(() => lesson.attentionBackward(q, k, v, dOut, tensor(new Array(15).fill(1), { shape: [3, 5] })), "attentionBackward(…, a float32 mask of ones) (masks are bool)");
});

exercise("08.3", "leaves q, k, v, dOut and the mask unchanged", {
  points: 1,
  hint: "Build new tensors (matmul, mul, sub, softmax, maskedFill all return new ones); never write into an input's .data.",
}, () => {
  const rng = new Rng(92);
  const [q, k, v, dOut] = [f64([2, 3, 4], rng), f64([2, 5, 4], rng), f64([2, 5, 6], rng), f64([2, 3, 6], rng)];
  const mask = tensor(Array.from({ length: 3 }, (_, i) => Array.from({ length: 5 }, (_, j) => j !== i)), { dtype: "bool" });
  const inputs = snapshot({ q, k, v, dOut, mask });
  const expected = attentionOracle(q, k, v, dOut, mask);
  const result = lesson.attentionBackward(q, k, v, dOut, mask);
  inputs.check("attentionBackward(q, k, v, dOut, mask)");
  expectTensors(result, ["dQ", "dK", "dV"], "attentionBackward(q, k, v, dOut, mask)");
  expectValues(result.dK, expected.dK.data, [2, 5, 4], "attentionBackward(q [2, 3, 4], k [2, 5, 4], v [2, 5, 6], dOut, mask).dK", 1e-9);
});

// ---- 08.4 adamStep -----------------------------------------------------------------------------

interface AdamCase {
  optimizer: "Adam" | "AdamW";
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
}

/**
 * Runs `steps` updates with the library's Adam/AdamW and with adamStep on the same float64 parameter and
 * gradients, comparing param, m and v after each step (m and v against the moments implied by the rule).
 */
function compareWithLibrary(c: AdamCase, shape: number[], gradScale: number, steps: number, rng: Rng, what: string) {
  const start = f64(shape, rng);
  const reference = leaf(start);
  const options = { lr: c.lr, betas: c.betas, eps: c.eps, weightDecay: c.weightDecay };
  const optimizer = c.optimizer === "Adam" ? new Adam([reference], options) : new AdamW([reference], options);
  let param = leaf(start);
  param.requiresGrad = false;
  let m = zeros(shape, { dtype: "float64" });
  let v = zeros(shape, { dtype: "float64" });
  const [beta1, beta2] = c.betas;
  for (let t = 1; t <= steps; t++) {
    const grad = f64(shape, rng, gradScale);
    // The moments by the rule, from the parameter before this step (Adam's L2 term uses it after AdamW's decay: none there).
    const g = values(grad).map((x, i) => x + (c.optimizer === "Adam" ? c.weightDecay * Number(param.data[i]) : 0));
    const mExpected = values(m).map((x, i) => beta1 * x + (1 - beta1) * g[i]);
    const vExpected = values(v).map((x, i) => beta2 * x + (1 - beta2) * g[i] * g[i]);
    const before = values(reference);
    reference.grad = grad;
    optimizer.step();
    const result = lesson.adamStep(param, grad, { m, v, t }, { ...options, decoupled: c.optimizer === "AdamW" });
    const call = `${what}, step ${t}`;
    expectTensors(result, ["param", "m", "v"], call);
    expectValues(result.m, mExpected, shape, `${call}: m`, 1e-12 * gradScale);
    expectValues(result.v, vExpected, shape, `${call}: v`, 1e-12 * gradScale * gradScale);
    expectValues(result.param, reference.data, shape, `${call}: param (compared with the library's ${c.optimizer})`, 1e-10);
    // The step itself, param_new − param_old, compared closely: a wrong step of 1e-5 hides in a parameter of size 1.
    const step = tensor(values(result.param).map((x, i) => x - Number(param.data[i])), { dtype: "float64" });
    expectValues(step, values(reference).map((x, i) => x - before[i]), [step.size], `${call}: the change of param (new − old)`, 1e-12);
    ({ param, m, v } = result);
  }
}

exercise("08.4", "computes a hand-checked first step", {
  points: 1,
  hint: "At t = 1 the bias correction divides m by 1 − β1 and v by 1 − β2, so m̂ = g and v̂ = g²: the step is lr · g / (|g| + eps), about lr in the direction of −g, whatever the gradient's size.",
}, () => {
  const result = lesson.adamStep(tensor([1, 1], { dtype: "float64" }), tensor([0.5, -200], { dtype: "float64" }),
    { m: zeros([2], { dtype: "float64" }), v: zeros([2], { dtype: "float64" }), t: 1 }, { lr: 0.1 });
  expectTensors(result, ["param", "m", "v"], "adamStep([1, 1], [0.5, -200], zeros, t = 1, lr 0.1)");
  expectValues(result.m, [0.05, -20], [2], "adamStep([1, 1], [0.5, -200], …).m", 1e-12);
  expectValues(result.v, [0.00025, 40], [2], "adamStep([1, 1], [0.5, -200], …).v", 1e-12);
  expectValues(result.param, [1 - 0.1 * 0.5 / (0.5 + 1e-8), 1 + 0.1 * 200 / (200 + 1e-8)], [2], "adamStep([1, 1], [0.5, -200], …).param", 1e-12);
});

exercise("08.4", "matches the library's Adam over several steps", {
  points: 2,
  hint: "Per step: m = β1 m + (1 − β1) g, v = β2 v + (1 − β2) g², then p − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + eps): ε OUTSIDE the square root, the bias corrections with this step's t. With Adam's weightDecay, g = grad + λ·p.",
}, () => {
  const rng = new Rng(93);
  compareWithLibrary({ optimizer: "Adam", lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 }, [3, 4], 1, 6, rng, "adamStep(param [3, 4], Adam lr 0.01)");
  compareWithLibrary({ optimizer: "Adam", lr: 0.05, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1 }, [2, 3, 2], 1, 6, rng, "adamStep(param [2, 3, 2], Adam lr 0.05, betas [0.8, 0.99], eps 1e-6, weightDecay 0.1)");
});

exercise("08.4", "matches the library's AdamW (decoupled weight decay)", {
  points: 2,
  hint: "With decoupled: true, shrink the parameter first, p · (1 − lr · λ), and do NOT add λ·p to the gradient: the moments see the plain gradient.",
}, () => {
  const rng = new Rng(94);
  compareWithLibrary({ optimizer: "AdamW", lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.5 }, [4, 3], 1, 6, rng, "adamStep(param [4, 3], AdamW lr 0.01, weightDecay 0.5)");
});

exercise("08.4", "handles tiny and huge gradients", {
  points: 1,
  hint: "Adam's step does not depend on the gradient's scale (except through eps): compute g² without overflow in float64, use the eps argument, and keep eps outside the square root so that tiny gradients (1e-10) take steps of the right, small size.",
}, () => {
  const rng = new Rng(95);
  compareWithLibrary({ optimizer: "Adam", lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 }, [5], 1e-10, 4, rng, "adamStep with gradients of size 1e-10");
  compareWithLibrary({ optimizer: "Adam", lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 }, [5], 1e12, 4, rng, "adamStep with gradients of size 1e12");
  compareWithLibrary({ optimizer: "Adam", lr: 0.001, betas: [0.9, 0.999], eps: 1e-3, weightDecay: 0 }, [5], 1e-4, 4, rng, "adamStep with gradients of size 1e-4 and eps 1e-3");
});

exercise("08.4", "rejects invalid arguments", {
  points: 1,
  hint: "Throw an Error naming adamStep when grad, m or v has another shape than param, when t is not a whole number ≥ 1 (0, 1.5), when lr or weightDecay is negative, or when a beta is outside [0, 1).",
}, () => {
  const p = tensor([1, 2, 3]);
  const g = tensor([0.1, 0.2, 0.3]);
  const state = (t: number) => ({ m: zeros([3]), v: zeros([3]), t });
  expectThrows(() => lesson.adamStep(p, tensor([0.1, 0.2]), state(1)), "adamStep(param [3], grad [2], …)");
  expectThrows(() => lesson.adamStep(p, g, { m: zeros([3]), v: zeros([1]), t: 1 }), "adamStep(param [3], grad [3], { v: [1] })");
  expectThrows(() => lesson.adamStep(p, g, state(0)), "adamStep(…, { t: 0 })");
  expectThrows(() => lesson.adamStep(p, g, state(1.5)), "adamStep(…, { t: 1.5 })");
  expectThrows(() => lesson.adamStep(p, g, state(1), { lr: -0.1 }), "adamStep(…, { lr: -0.1 })");
  expectThrows(() => lesson.adamStep(p, g, state(1), { weightDecay: -1 }), "adamStep(…, { weightDecay: -1 })");
  expectThrows(() => lesson.adamStep(p, g, state(1), { betas: [0.9, 1] }), "adamStep(…, { betas: [0.9, 1] })");
});

exercise("08.4", "returns new tensors and leaves its inputs unchanged", {
  points: 1,
  hint: "Compute the new parameter and moments into new tensors; the library's optimizers write in place, but adamStep is a pure function: param, grad, state.m and state.v must keep their values.",
}, () => {
  const rng = new Rng(96);
  const param = f64([2, 3], rng);
  const grad = f64([2, 3], rng);
  const m = f64([2, 3], rng, 0.1);
  const v = f64([2, 3], rng, 0.1).abs();
  const inputs = snapshot({ param, grad, "state.m": m, "state.v": v });
  const result = lesson.adamStep(param, grad, { m, v, t: 3 }, { lr: 0.01 });
  inputs.check("adamStep(param, grad, { m, v, t: 3 })");
  expectTensors(result, ["param", "m", "v"], "adamStep(param, grad, { m, v, t: 3 })");
  expectTrue(result.param !== param && result.m !== m && result.v !== v, "adamStep returned one of its inputs: return new tensors");
  expectShape(result.param, [2, 3], "adamStep(param [2, 3], …).param");
  const mExpected = values(m).map((x, i) => 0.9 * x + 0.1 * Number(grad.data[i]));
  expectValues(result.m, mExpected, [2, 3], "adamStep(param [2, 3], …, t: 3).m", 1e-12);
});
