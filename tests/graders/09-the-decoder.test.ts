// Grader for lesson 09 (the decoder): exercises 09.1 crossAttention, 09.2 shiftRight, 09.3 greedyDecode,
// 09.4 vocabularyProbabilities. The library is the oracle: MultiHeadAttention loaded with the same weights
// (09.1), generate() (09.3) and softmax (09.4); hand-computed cases pin the contracts.
import {
  MultiHeadAttention, Rng, Transformer, concat, generate, noGrad, paddingMask, randn, tensor, type Tensor,
} from "qkv";
import { exercise, expectInputsUnchanged, expectThrows, expectTrue, expectValues, formatList, formatNumber, target } from "./grader-kit.js";

type Decoder = typeof import("../../solutions/09-the-decoder.js");
const lesson = target<Decoder>("09-the-decoder");

const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
const ints = (rows: number[][]) => tensor(rows, { dtype: "int32" });

// ---- 09.1 crossAttention -------------------------------------------------------------------

function randomWeights(C: number, rng: Rng) {
  const w = () => randn([C, C], rng).mul(1 / Math.sqrt(C));
  return { wq: w().mul(2), wk: w().mul(2), wv: w(), wo: w() };
}

/** The oracle: the library's MultiHeadAttention (no biases) holding the same four matrices, as cross-attention. */
function libraryCross(x: Tensor, memory: Tensor, w: { wq: Tensor; wk: Tensor; wv: Tensor; wo: Tensor }, nh: number, mask?: Tensor) {
  const mha = new MultiHeadAttention(x.shape[2], nh, new Rng(0), { bias: false });
  mha.loadStateDict({ in_proj_weight: concat([w.wq, w.wk, w.wv], 0), "out_proj.weight": w.wo });
  return mha.forward(x, memory, memory, { keyPaddingMask: mask ?? null });
}

function expectCross(result: unknown, want: { output: Tensor; weights: Tensor }, what: string): void {
  const got = result as { output?: Tensor; weights?: Tensor } | null;
  expectTrue(got !== null && typeof got === "object" && got.output !== undefined && got.weights !== undefined,
    `${what} should return { output, weights }`);
  expectValues(got!.weights, want.weights.data, want.weights.shape, `${what}.weights`, 1e-4);
  expectValues(got!.output, want.output.data, want.output.shape, `${what}.output`, 1e-4);
}

exercise("09.1", "matches the library's cross-attention when T != S", {
  points: 3,
  hint: "Queries come from x, keys AND values from memory: q = x Wqᵀ, k = memory Wkᵀ, v = memory Wvᵀ. Split each into heads, scale the (T, S) scores by √hs (the head size), softmax over the S source positions, merge the heads, then multiply by Woᵀ.",
}, () => {
  const rng = new Rng(91);
  for (const [B, T, S, C, nh] of [[2, 3, 5, 8, 2], [1, 6, 2, 12, 4], [3, 4, 7, 6, 3], [2, 1, 4, 8, 1]]) {
    const x = randn([B, T, C], rng);
    const memory = randn([B, S, C], rng);
    const w = randomWeights(C, rng);
    const want = libraryCross(x, memory, w, nh); // the oracle first, from untouched inputs
    expectCross(lesson.crossAttention(x, memory, w, nh), want,
      `crossAttention(x (${B}, ${T}, ${C}), memory (${B}, ${S}, ${C}), random weights, ${nh} heads)`);
  }
});

exercise("09.1", "hides padded source positions from every query", {
  points: 2,
  hint: "memoryMask is (B, S), TRUE = may attend. Reshape it so it broadcasts over heads and queries, (B, 1, 1, S), and set the blocked scores to -Infinity BEFORE the softmax.",
}, () => {
  const rng = new Rng(92);
  const [B, T, S, C, nh] = [3, 4, 6, 8, 2];
  const x = randn([B, T, C], rng);
  const memory = randn([B, S, C], rng);
  const w = randomWeights(C, rng);
  const mask = paddingMask([6, 2, 4], S);
  const what = `crossAttention(x (3, 4, 8), memory (3, 6, 8), 2 heads, memoryMask for lengths [6, 2, 4])`;
  const want = libraryCross(x, memory, w, nh, mask);
  const got = lesson.crossAttention(x, memory, w, nh, mask);
  expectCross(got, want, what);
  const weights = values(got.weights);
  for (let b = 0; b < B; b++) for (let h = 0; h < nh; h++) for (let t = 0; t < T; t++) for (let s = 0; s < S; s++) {
    if (!mask.data[b * S + s]) {
      const v = weights[((b * nh + h) * T + t) * S + s];
      expectTrue(v === 0, `${what}: weight of example ${b}, head ${h}, query ${t} on padded source position ${s} is ${v}, expected exactly 0`);
    }
  }
});

exercise("09.1", "gives zero weights and a zero output for a fully masked example", {
  points: 1,
  hint: "With every source position of an example masked, the softmax of a row of -Infinity must give zeros (not NaN, and not 1/S each): use -Infinity, not a large negative number, and a softmax that handles an all -Infinity row.",
}, () => {
  const rng = new Rng(93);
  const x = randn([2, 3, 8], rng);
  const memory = randn([2, 5, 8], rng);
  const w = randomWeights(8, rng);
  const mask = tensor([[true, true, false, true, false], [false, false, false, false, false]], { dtype: "bool" });
  const want = libraryCross(x, memory, w, 2, mask);
  const got = lesson.crossAttention(x, memory, w, 2, mask);
  const what = "crossAttention with example 1's memoryMask all false";
  const weights = values(got.weights);
  const output = values(got.output);
  expectTrue(weights.slice(30).every((v) => v === 0), `${what}: example 1's weights are ${formatList(weights.slice(30))}, expected all 0`);
  expectTrue(output.slice(24).every((v) => v === 0), `${what}: example 1's output is ${formatList(output.slice(24))}, expected all 0`);
  expectCross(got, want, what);
});

exercise("09.1", "is exact when the allowed scores are far below any finite fill value", {
  points: 1,
  hint: "A blocked source position must get weight 0 whatever the allowed scores are: fill blocked scores with -Infinity. A finite fill such as -1e9 wins against allowed scores of -5e10, and the padding takes all the weight.",
}, () => {
  // One head, identity projections: score(t, s) = x[t] · memory[s] / √4. Allowed keys score -5e10, the blocked one 0.
  const eye4 = tensor([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
  const x = tensor([[[1e5, 0, 0, 0], [1e5, 1, 0, 0]]]); // (1, 2, 4)
  const memory = tensor([[[-1e6, 1, 0, 0], [-1e6, 0, 1, 0], [0, 0, 0, 1]]]); // (1, 3, 4); position 2 is padding
  const mask = tensor([[true, true, false]], { dtype: "bool" });
  const w = { wq: eye4, wk: eye4, wv: eye4, wo: eye4 };
  const want = libraryCross(x, memory, w, 1, mask);
  const got = lesson.crossAttention(x, memory, w, 1, mask);
  const weights = values(got.weights);
  expectTrue(weights[2] === 0 && weights[5] === 0,
    `crossAttention with allowed scores near -5e10: the padded source position got weights ${formatNumber(weights[2])} and ${formatNumber(weights[5])}, expected exactly 0`);
  expectCross(got, want, "crossAttention with allowed scores near -5e10 and one padded source position");
});

exercise("09.1", "leaves its inputs alone", {
  points: 1,
  hint: "Build new tensors (matmul, maskedFill and softmax return new ones); never write into x.data, memory.data, the weights or the mask.",
}, () => {
  const rng = new Rng(94);
  const x = randn([2, 3, 4], rng);
  const memory = randn([2, 5, 4], rng);
  const w = randomWeights(4, rng);
  const mask = paddingMask([5, 3], 5);
  expectInputsUnchanged("crossAttention", { x, memory, weights: w, memoryMask: mask },
    () => lesson.crossAttention(x, memory, w, 2, mask));
});

exercise("09.1", "rejects shapes that do not fit", {
  points: 1,
  hint: "Check before computing: x and memory 3-D with the same B and C, C divisible by numHeads, memoryMask bool of shape (B, S). Throw an Error naming the shapes.",
}, () => {
  const rng = new Rng(95);
  const x = randn([2, 3, 8], rng);
  const memory = randn([2, 5, 8], rng);
  const w = randomWeights(8, rng);
  expectThrows(() => lesson.crossAttention(x, randn([2, 5, 6], rng), w, 2), "crossAttention with memory of width 6 against x of width 8");
  expectThrows(() => lesson.crossAttention(x, randn([3, 5, 8], rng), w, 2), "crossAttention with memory batch 3 against x batch 2");
  expectThrows(() => lesson.crossAttention(x, memory, w, 3), "crossAttention with C = 8 and 3 heads");
  expectThrows(() => lesson.crossAttention(x, memory, w, 0), "crossAttention with 0 heads");
  expectThrows(() => lesson.crossAttention(x, memory, w, 2, paddingMask([3, 2], 3)), "crossAttention with a (2, 3) memoryMask: it must be (B, S) = (2, 5)");
  expectThrows(() => lesson.crossAttention(x, memory, w, 2, tensor([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]])), "crossAttention with a float memoryMask: it must be bool");
});

// ---- 09.2 shiftRight -----------------------------------------------------------------------

/** The oracle for 09.2, written out: [start, t0 .. t(T-2)], -100 -> pad. */
function shifted(rows: number[][], start: number, pad: number): number[] {
  return rows.flatMap((r) => [start, ...r.slice(0, -1).map((v) => (v === -100 ? pad : v))]);
}

exercise("09.2", "puts the start id in front and drops the last token", {
  points: 2,
  hint: "Row b becomes [startId, targets[b, 0], …, targets[b, T-2]]: same shape (B, T) as the targets, every token moved one place to the right, the last one dropped.",
}, () => {
  expectValues(lesson.shiftRight(ints([[5, 6, 7]]), 1, 0), [1, 5, 6], [1, 3], "shiftRight([[5, 6, 7]], startId 1, padId 0)");
  const rows = [[4, 9, 3, 3, 2], [7, 2, 5, 8, 6], [3, 3, 12, 2, 0]];
  expectValues(lesson.shiftRight(ints(rows), 1, 0), shifted(rows, 1, 0), [3, 5], `shiftRight(${JSON.stringify(rows)}, 1, 0)`);
  const wide = [[10, 11], [12, 13], [14, 15], [16, 17]];
  expectValues(lesson.shiftRight(ints(wide), 3, 9), shifted(wide, 3, 9), [4, 2], `shiftRight(${JSON.stringify(wide)}, 3, 9)`);
  expectValues(lesson.shiftRight(ints(wide), 0, 0), shifted(wide, 0, 0), [4, 2], `shiftRight(${JSON.stringify(wide)}, startId 0, padId 0): 0 is a valid id`);
  expectValues(lesson.shiftRight(ints([[8], [9]]), 2, 0), [2, 2], [2, 1], "shiftRight([[8], [9]], 2, 0): T = 1 leaves only the start id");
});

exercise("09.2", "turns the ignore value -100 into padId and returns int32", {
  points: 1,
  hint: "-100 marks padding in the targets (the loss skips it) but it is not a token id: in the decoder input write padId instead. Other ids (0 included) stay as they are. Create the result with dtype \"int32\".",
}, () => {
  const rows = [[5, 6, 2, -100, -100], [8, 0, 2, 4, -100]];
  const got = lesson.shiftRight(ints(rows), 1, 0);
  expectValues(got, shifted(rows, 1, 0), [2, 5], `shiftRight(${JSON.stringify(rows)}, 1, 0)`);
  expectTrue((got as Tensor).dtype === "int32", `shiftRight returned a ${(got as Tensor).dtype} tensor; ids must be int32`);
  expectValues(lesson.shiftRight(ints(rows), 2, 7), shifted(rows, 2, 7), [2, 5], `shiftRight(${JSON.stringify(rows)}, 2, padId 7)`);
});

exercise("09.2", "leaves its input alone", {
  points: 1,
  hint: "Write the result into a new Int32Array (or build new rows); do not shift targets.data in place.",
}, () => {
  const targets = ints([[5, 6, -100], [7, 8, 9]]);
  expectInputsUnchanged("shiftRight", { targets }, () => lesson.shiftRight(targets, 1, 0));
});

exercise("09.2", "rejects ids that are not token ids, at every position", {
  points: 1,
  hint: "Check every target, the last column included even though it is dropped: a negative id other than -100 is an error. startId and padId must be integers >= 0. Targets must be a 2-D int32 tensor.",
}, () => {
  const base = [[5, 6, 7, 8], [4, 3, 2, 1]];
  for (const [b, t] of [[0, 0], [1, 2], [1, 3], [0, 3]]) {
    const rows = base.map((r) => r.slice());
    rows[b][t] = -5;
    expectThrows(() => lesson.shiftRight(ints(rows), 1, 0), `shiftRight with targets[${b}, ${t}] = -5`);
  }
  expectThrows(() => lesson.shiftRight(ints(base), 1.5, 0), "shiftRight(targets, startId 1.5, 0)");
  expectThrows(() => lesson.shiftRight(ints(base), NaN, 0), "shiftRight(targets, startId NaN, 0)");
  expectThrows(() => lesson.shiftRight(ints(base), 1, NaN), "shiftRight(targets, 1, padId NaN)");
  expectThrows(() => lesson.shiftRight(ints([[-7]]), 1, 0), "shiftRight([[-7]], 1, 0): the only target is not an id");
  expectThrows(() => lesson.shiftRight(ints(base), -1, 0), "shiftRight(targets, startId -1, 0)");
  expectThrows(() => lesson.shiftRight(ints(base), 1, 0.5), "shiftRight(targets, 1, padId 0.5)");
  expectThrows(() => lesson.shiftRight(ints(base), 1, -2), "shiftRight(targets, 1, padId -2)");
  expectThrows(() => lesson.shiftRight(tensor([[5, 6.5, 7]]), 1, 0), "shiftRight of float32 targets [[5, 6.5, 7]]");
  expectThrows(() => lesson.shiftRight(tensor([5, 6, 7], { dtype: "int32" }), 1, 0), "shiftRight of 1-D targets [5, 6, 7]");
});

// ---- 09.3 greedyDecode ---------------------------------------------------------------------

/**
 * A fake decoder with V tokens: position p of row b scores highest the token (sum of ids[b, 0..p] + p + 1) % V,
 * so the right answer depends on the whole prefix and on reading the LAST position. Records each input shape.
 */
function prefixModel(V: number) {
  const calls: number[][] = [];
  return {
    calls,
    forward(ids: Tensor): Tensor {
      calls.push(ids.shape.slice());
      const [B, T] = ids.shape;
      const out = new Float32Array(B * T * V);
      for (let b = 0; b < B; b++) {
        let sum = 0;
        for (let p = 0; p < T; p++) {
          sum += ids.data[b * T + p];
          const best = (sum + p + 1) % V;
          for (let v = 0; v < V; v++) out[(b * T + p) * V + v] = -((v - best + V) % V) * 0.5;
        }
      }
      return tensor(out, { shape: [B, T, V] });
    },
  };
}

/** next = previous + 1 (mod V), whatever came before. Records each input's shape and rows. */
function countingModel(V: number) {
  const calls: number[][] = [];
  const inputs: number[][][] = [];
  return {
    calls,
    inputs,
    forward(ids: Tensor): Tensor {
      calls.push(ids.shape.slice());
      inputs.push(ids.toArray() as number[][]);
      const [B, T] = ids.shape;
      const out = new Float32Array(B * T * V);
      for (let b = 0; b < B; b++) for (let p = 0; p < T; p++) out[(b * T + p) * V + (ids.data[b * T + p] + 1) % V] = 1;
      return tensor(out, { shape: [B, T, V] });
    },
  };
}

/** The oracle: the library's generate() on one-token prompts, start ids removed. */
function libraryGreedy(model: { forward(ids: Tensor): Tensor }, startIds: number[], maxNewTokens: number, stopId: number): number[][] {
  return generate(model, startIds.map((id) => [id]), { maxNewTokens, stopToken: stopId }).map((row) => row.slice(1));
}

function expectRows(got: unknown, want: number[][], what: string): void {
  expectTrue(Array.isArray(got) && got.every((r) => Array.isArray(r)), `${what} should return an array of rows (number[][])`);
  const rows = got as number[][];
  expectTrue(JSON.stringify(rows) === JSON.stringify(want), `${what} returned ${JSON.stringify(rows)}, expected ${JSON.stringify(want)}`);
}

exercise("09.3", "feeds the whole sequence and takes the argmax at the last position", {
  points: 2,
  hint: "Each step, call model.forward on every row's WHOLE sequence so far (B, t), start id included, and read the logits of the LAST position (index t - 1) of each row; append the argmax to the row.",
}, () => {
  for (const [V, starts, n] of [[7, [0, 3, 5], 6], [11, [10], 4], [5, [1, 1, 4, 2], 3]] as [number, number[], number][]) {
    const stop = V - 1;
    const oracle = libraryGreedy(prefixModel(V), starts, n, stop);
    const model = prefixModel(V);
    expectRows(lesson.greedyDecode(model, starts, { maxNewTokens: n, stopId: stop }), oracle,
      `greedyDecode(a model whose next token depends on the whole prefix, V = ${V}, startIds ${JSON.stringify(starts)}, maxNewTokens ${n}, stopId ${stop})`);
    expectTrue(model.calls.every((s, i) => s[0] === starts.length && s[1] === i + 1),
      `greedyDecode called model.forward with shapes ${JSON.stringify(model.calls)}; step i must pass all ${starts.length} rows with their i + 1 tokens so far`);
  }
});

exercise("09.3", "ends each row at its stop token, and stops when every row has", {
  points: 2,
  hint: "A row that produces stopId keeps it as its last output and gets nothing more (feed it stopId so the batch stays rectangular). Stop calling the model as soon as every row has finished, or after maxNewTokens steps.",
}, () => {
  const counting = countingModel(10);
  expectRows(lesson.greedyDecode(counting, [1, 6, 3], { maxNewTokens: 5, stopId: 4 }), [[2, 3, 4], [7, 8, 9, 0, 1], [4]],
    "greedyDecode(next = previous + 1 mod 10, startIds [1, 6, 3], maxNewTokens 5, stopId 4)");
  const lastInput = counting.inputs[counting.inputs.length - 1] ?? [];
  expectTrue(JSON.stringify(lastInput[2]) === "[3,4,4,4,4]" && JSON.stringify(lastInput[0]) === "[1,2,3,4,4]",
    `greedyDecode's last call fed the rows ${JSON.stringify(lastInput)}; a finished row must be fed stopId after its stop token (expected row 0 [1,2,3,4,4], row 2 [3,4,4,4,4])`);
  const model = countingModel(10);
  expectRows(lesson.greedyDecode(model, [3, 2], { maxNewTokens: 10, stopId: 4 }), [[4], [3, 4]],
    "greedyDecode(next = previous + 1 mod 10, startIds [3, 2], maxNewTokens 10, stopId 4)");
  expectTrue(model.calls.length === 2, `greedyDecode called the model ${model.calls.length} times, but both rows had finished after 2 steps`);
  const starts = [0, 2, 4, 6];
  const oracle = libraryGreedy(prefixModel(9), starts, 8, 5);
  expectRows(lesson.greedyDecode(prefixModel(9), starts, { maxNewTokens: 8, stopId: 5 }), oracle,
    "greedyDecode(a prefix-dependent model, V = 9, startIds [0, 2, 4, 6], maxNewTokens 8, stopId 5)");
});

exercise("09.3", "breaks ties by the smallest id and decodes a real Transformer as generate() does", {
  points: 1,
  hint: "On equal logits the argmax is the FIRST (smallest) id: compare with > , not >=. Then a real encoder-decoder, wrapped as forward(tgt) = generator(decode(tgt, memory)), must give the same tokens as the library's generate().",
}, () => {
  const flat = { forward: (ids: Tensor) => tensor(new Float32Array(ids.shape[0] * ids.shape[1] * 6), { shape: [ids.shape[0], ids.shape[1], 6] }) };
  expectRows(lesson.greedyDecode(flat, [3, 5], { maxNewTokens: 3, stopId: 5 }), [[0, 0, 0], [0, 0, 0]],
    "greedyDecode(a model whose logits are all equal, V = 6, startIds [3, 5], maxNewTokens 3, stopId 5)");
  const model = new Transformer({ srcVocabSize: 9, tgtVocabSize: 12, dModel: 16, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 32 }, new Rng(96));
  const src = ints([[3, 4, 5, 6], [8, 7, 1, 2], [2, 2, 2, 2]]);
  const memory = noGrad(() => model.encode(src));
  const decoder = { forward: (tgt: Tensor) => noGrad(() => model.generator.forward(model.decode(tgt, memory))) };
  const oracle = libraryGreedy(decoder, [1, 1, 1], 6, 2);
  expectRows(lesson.greedyDecode(decoder, [1, 1, 1], { maxNewTokens: 6, stopId: 2 }), oracle,
    "greedyDecode(an untrained Transformer's decoder on 3 sources, startIds [1, 1, 1], maxNewTokens 6, stopId 2)");
});

exercise("09.3", "handles maxNewTokens 0 and leaves startIds alone", {
  points: 1,
  hint: "maxNewTokens = 0 gives one empty row per start id. Copy startIds into your own rows before appending to them.",
}, () => {
  expectRows(lesson.greedyDecode(countingModel(10), [1, 2], { maxNewTokens: 0, stopId: 9 }), [[], []], "greedyDecode(startIds [1, 2], maxNewTokens 0)");
  const starts = [1, 6, 3];
  const options = { maxNewTokens: 4, stopId: 4 };
  expectInputsUnchanged("greedyDecode(model, [1, 6, 3], { maxNewTokens: 4, stopId: 4 })", { startIds: starts, options },
    () => lesson.greedyDecode(countingModel(10), starts, options));
});

exercise("09.3", "rejects invalid ids at every position and a bad maxNewTokens", {
  points: 1,
  hint: "Every start id (check them all, the last one too) and stopId must be an integer in [0, V), V being the last axis of the logits; maxNewTokens an integer >= 0; startIds not empty. Throw an Error naming the argument.",
}, () => {
  const V = 10;
  const opts = { maxNewTokens: 3, stopId: 4 };
  for (const bad of [[1.5, 2, 3], [2, -1, 3], [2, 3, 10], [2, 3, 1.5], [2, 3, -1], [12, 3, 2], [2, NaN, 3], [2, 3, NaN], [10], [1.5], [NaN]]) {
    expectThrows(() => lesson.greedyDecode(countingModel(V), bad, opts), `greedyDecode(V = ${V}, startIds [${bad.join(", ")}])`);
  }
  expectThrows(() => lesson.greedyDecode(countingModel(V), [], opts), "greedyDecode with no start ids");
  expectThrows(() => lesson.greedyDecode(countingModel(V), [1, 2], { maxNewTokens: 3, stopId: 10 }), "greedyDecode(V = 10, stopId 10)");
  expectThrows(() => lesson.greedyDecode(countingModel(V), [1, 2], { maxNewTokens: 3, stopId: 2.5 }), "greedyDecode(stopId 2.5)");
  expectThrows(() => lesson.greedyDecode(countingModel(V), [1, 2], { maxNewTokens: -1, stopId: 4 }), "greedyDecode(maxNewTokens -1)");
  expectThrows(() => lesson.greedyDecode(countingModel(V), [1, 2], { maxNewTokens: 2.5, stopId: 4 }), "greedyDecode(maxNewTokens 2.5)");
});

// ---- 09.4 vocabularyProbabilities ----------------------------------------------------------

const VOCAB7 = ["the", "whale", "sea", "ship", "captain", "white", "boat"];

/** The oracle for `top`: ids sorted by probability (from the library's softmax), ties by id. */
function topOf(probabilities: Tensor, b: number, k: number, vocabulary: string[]) {
  const V = probabilities.shape[1];
  const row = Array.from(probabilities.data.subarray(b * V, (b + 1) * V));
  return row.map((p, id) => ({ id, p })).sort((x, y) => y.p - x.p || x.id - y.id).slice(0, k).map((e) => ({ id: e.id, word: vocabulary[e.id], probability: e.p }));
}

function expectTop(got: unknown, logits: Tensor, vocabulary: string[], k: number, what: string): void {
  const result = got as { probabilities?: Tensor; top?: { id: number; word: string; probability: number }[][] } | null;
  expectTrue(result !== null && typeof result === "object" && result.probabilities !== undefined && Array.isArray(result.top),
    `${what} should return { probabilities, top }`);
  const want = logits.softmax(-1);
  expectValues(result!.probabilities, want.data, logits.shape, `${what}.probabilities`, 1e-6);
  const B = logits.shape[0];
  expectTrue(result!.top!.length === B, `${what}.top has ${result!.top!.length} rows, expected ${B}`);
  for (let b = 0; b < B; b++) {
    const expected = topOf(want, b, k, vocabulary);
    const row = result!.top![b];
    const show = (r: { id: number; word: string; probability: number }[]) => r.map((e) => `${e.word}(${e.id}) ${e.probability.toFixed(4)}`).join(", ");
    expectTrue(Array.isArray(row) && row.length === k && row.every((e, i) => e.id === expected[i].id && e.word === expected[i].word && Math.abs(e.probability - expected[i].probability) <= 1e-6),
      `${what}.top[${b}] is [${Array.isArray(row) ? show(row) : String(row)}], expected [${show(expected)}]`);
  }
}

exercise("09.4", "gives the softmax over the vocabulary and the top k words of each row", {
  points: 2,
  hint: "Softmax each ROW over its V logits (the last axis), then sort that row's ids by probability, highest first, and keep the first k as { id, word: vocabulary[id], probability }.",
}, () => {
  const logits = tensor([[1, 3, 2]]);
  expectTop(lesson.vocabularyProbabilities(logits.clone(), ["a", "b", "c"], 2), logits, ["a", "b", "c"], 2, "vocabularyProbabilities([[1, 3, 2]], [a, b, c], 2)");
  const batch = randn([3, 7], new Rng(97)).mul(2);
  for (const k of [1, 3, 7]) {
    expectTop(lesson.vocabularyProbabilities(batch.clone(), VOCAB7, k), batch, VOCAB7, k, `vocabularyProbabilities(random (3, 7) logits, 7 words, k = ${k})`);
  }
});

exercise("09.4", "keeps the full softmax's probabilities and breaks ties by the smaller id", {
  points: 1,
  hint: "The probabilities in top are those of the softmax over ALL V words: do not renormalise them over the k kept. Equal probabilities are listed smaller id first.",
}, () => {
  const logits = tensor([[2, 5, 5, 1, 5, 0, 2], [0, 0, 0, 0, 0, 0, 0]]);
  expectTop(lesson.vocabularyProbabilities(logits.clone(), VOCAB7, 4), logits, VOCAB7, 4, "vocabularyProbabilities([[2, 5, 5, 1, 5, 0, 2], [0, 0, 0, 0, 0, 0, 0]], 7 words, k = 4)");
});

exercise("09.4", "is exact for huge logits, -Infinity and a fully masked row", {
  points: 1,
  hint: "Subtract each row's largest logit before exp (exp(1000) is Infinity). A logit of -Infinity gets probability 0; a row that is -Infinity everywhere gets all zeros, not NaN.",
}, () => {
  const logits = tensor([[1000, 1001, 999, -Infinity, 0, 1000, 998], [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity], [-1e4, -1e4 + 2, -1e4 + 1, -Infinity, -1e4, -1e4, -1e4]]);
  const got = lesson.vocabularyProbabilities(logits.clone(), VOCAB7, 3); // a copy: the oracle reads the original
  expectTop(got, logits, VOCAB7, 3, "vocabularyProbabilities of rows [1000, 1001, …], all -Infinity, and [-1e4, -1e4 + 2, …]");
  expectTrue(values(got.probabilities).every((p) => !Number.isNaN(p)), "vocabularyProbabilities returned NaN probabilities");
});

exercise("09.4", "leaves its inputs alone", {
  points: 1,
  hint: "softmax returns a new tensor; sort a copy of the ids, never the vocabulary array or logits.data.",
}, () => {
  const logits = tensor([[0.5, -1, 2, 0, 1, 3, -2], [1, 1, 1, 2, 2, 0, 0]]);
  const vocabulary = VOCAB7.slice();
  expectInputsUnchanged("vocabularyProbabilities", { logits, vocabulary }, () => lesson.vocabularyProbabilities(logits, vocabulary, 3));
});

exercise("09.4", "rejects a bad k or a vocabulary of the wrong size", {
  points: 1,
  hint: "k must be an integer from 1 to V, and the vocabulary must have exactly V words (one per column of the logits); logits must be 2-D. Throw an Error naming the argument.",
}, () => {
  const logits = tensor([[1, 2, 3, 4, 5, 6, 7]]);
  for (const k of [0, 8, 2.5, -1]) expectThrows(() => lesson.vocabularyProbabilities(logits, VOCAB7, k), `vocabularyProbabilities(logits with V = 7, k = ${k})`);
  expectThrows(() => lesson.vocabularyProbabilities(logits, VOCAB7.slice(0, 6), 2), "vocabularyProbabilities(logits with V = 7, a vocabulary of 6 words)");
  expectThrows(() => lesson.vocabularyProbabilities(tensor([1, 2, 3, 4, 5, 6, 7]), VOCAB7, 2), "vocabularyProbabilities of 1-D logits");
  expectThrows(() => lesson.vocabularyProbabilities(tensor([[[1, 2, 3, 4, 5, 6, 7]]]), VOCAB7, 2), "vocabularyProbabilities of 3-D logits (1, 1, 7)");
});
