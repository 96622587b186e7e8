// Grader for lesson 10 (GPT): exercises 10.1 nextTokenTargets, 10.2 sampleNextToken, 10.3 countParameters,
// 10.4 appendToCache. The library is the oracle: causalLmBatch, samplingDistribution (the distribution
// sampleFromLogits draws from), GPT.numParameters() and concat; hand-written cases pin the conventions.
import { GPT, Rng, causalLmBatch, concat, randn, samplingDistribution, tensor, type Tensor } from "qkv";
import {
  GradeFailure, exercise, expectInputsUnchanged, expectShape, expectThrows, expectTrue, expectValues, formatNumber, target,
} from "./grader-kit.js";

type Lesson = typeof import("../../solutions/10-gpt.js");
const lesson = target<Lesson>("10-gpt");

/** A tensor's values as plain numbers. */
const values = (t: Tensor): number[] => Array.from(t.data as ArrayLike<number>, Number);
const shapeText = (shape: number[]) => `[${shape.join(", ")}]`;

/** Checks an exercise result { inputIds, targets } against the library's causalLmBatch. */
function expectPairs(got: unknown, sequences: number[][], padId: number, what: string): void {
  const want = causalLmBatch(sequences, padId); // targets are -100 at padding, as the contract says
  const result = got as { inputIds?: Tensor; targets?: Tensor } | null;
  expectTrue(result !== null && typeof result === "object" && result.inputIds !== undefined && result.targets !== undefined,
    `${what} should return { inputIds, targets }`);
  const { inputIds, targets } = result as { inputIds: Tensor; targets: Tensor };
  expectValues(inputIds, want.inputIds.data, want.inputIds.shape, `${what}.inputIds`);
  expectValues(targets, want.targets.data, want.targets.shape, `${what}.targets`);
  expectTrue(inputIds.dtype === "int32" && targets.dtype === "int32",
    `${what}: inputIds and targets must be int32 tensors (dtype: "int32"), got ${inputIds.dtype} and ${targets.dtype}`);
}

// ---- 10.1 nextTokenTargets ------------------------------------------------------------------

exercise("10.1", "pairs each position with the next token", {
  points: 2,
  hint: "Inputs are the sequence without its LAST token, targets the same sequence without its FIRST token: targets[b][t] = sequences[b][t + 1]. Both have max length − 1 columns.",
}, () => {
  expectPairs(lesson.nextTokenTargets([[0, 5, 6, 0], [0, 7, 6, 0]], 8, 0), [[0, 5, 6, 0], [0, 7, 6, 0]], 0,
    "nextTokenTargets([[0, 5, 6, 0], [0, 7, 6, 0]], 8, 0)");
  const rng = new Rng(101);
  const sequences = [7, 7, 7].map((L) => Array.from({ length: L }, () => rng.int(0, 11)));
  expectPairs(lesson.nextTokenTargets(sequences, 11, 1), sequences, 1, `nextTokenTargets(${JSON.stringify(sequences)}, 11, 1)`);
  expectPairs(lesson.nextTokenTargets([[3, 4]], 5, 0), [[3, 4]], 0, "nextTokenTargets([[3, 4]], 5, 0)");
});

exercise("10.1", "pads shorter sequences: inputs with padId, targets with -100", {
  points: 2,
  hint: "Pad to the LONGEST sequence minus one. Padding in the inputs is padId (any valid id), in the targets -100, which the loss skips: a target of padId would teach the model to predict padding.",
}, () => {
  expectPairs(lesson.nextTokenTargets([[0, 5, 6, 0], [0, 7, 0]], 8, 0), [[0, 5, 6, 0], [0, 7, 0]], 0, "nextTokenTargets([[0, 5, 6, 0], [0, 7, 0]], 8, 0)");
  const rng = new Rng(102);
  const sequences = [3, 9, 2, 6].map((L) => Array.from({ length: L }, () => rng.int(0, 13)));
  expectPairs(lesson.nextTokenTargets(sequences, 13, 12), sequences, 12, `nextTokenTargets(${JSON.stringify(sequences)}, 13, 12)`);
});

exercise("10.1", "rejects ids that are not integers in [0, vocabSize), at every position", {
  points: 2,
  hint: "Check every id of every sequence, the LAST one too: it is never an input, but it is a target. An id must be an integer (1.5 and NaN are not) in [0, vocabSize); Math.floor would silently turn 1.5 into another token.",
}, () => {
  const bad: [number[][], string][] = [
    [[[9, 1, 2]], "the first id is 9 >= vocabSize 9"],
    [[[1, 2, 3], [1, -1, 3]], "a middle id is -1"],
    [[[1, 2, 3], [4, 5, 9]], "the last id of the last sequence is 9 >= vocabSize 9"],
    [[[1, 2, 3], [4, 5, 1.5]], "the last id is 1.5"],
    [[[1, 2.5, 3]], "a middle id is 2.5"],
    [[[1, 2], [Number.NaN, 2]], "an id is NaN"],
    [[[0, 8, 9]], "the last id is 9 >= vocabSize 9"],
  ];
  for (const [sequences, why] of bad) {
    expectThrows(() => lesson.nextTokenTargets(sequences, 9, 0), `nextTokenTargets(${JSON.stringify(sequences)}, 9, 0) (${why})`);
  }
});

exercise("10.1", "rejects too-short sequences, an empty batch and a bad padId", {
  points: 1,
  hint: "A sequence needs at least 2 ids to give one (input, target) pair; an empty list of sequences gives nothing to train on; padId must itself be a valid id.",
}, () => {
  expectThrows(() => lesson.nextTokenTargets([[1, 2], [3]], 5, 0), "nextTokenTargets([[1, 2], [3]], 5, 0) (a sequence of one id)");
  expectThrows(() => lesson.nextTokenTargets([[]], 5, 0), "nextTokenTargets([[]], 5, 0)");
  expectThrows(() => lesson.nextTokenTargets([], 5, 0), "nextTokenTargets([], 5, 0)");
  expectThrows(() => lesson.nextTokenTargets([[1, 2]], 5, 5), "nextTokenTargets([[1, 2]], 5, 5) (padId 5 >= vocabSize)");
  expectThrows(() => lesson.nextTokenTargets([[1, 2]], 5, -1), "nextTokenTargets([[1, 2]], 5, -1)");
  expectThrows(() => lesson.nextTokenTargets([[1, 2]], 5, 0.5), "nextTokenTargets([[1, 2]], 5, 0.5)");
});

exercise("10.1", "leaves the sequences alone", {
  points: 1,
  hint: "Build new arrays: shift(), pop() or push() on a sequence (or slice assignments into it) change the caller's data.",
}, () => {
  const sequences = [[0, 3, 4, 0], [0, 2, 0]];
  const got = expectInputsUnchanged("nextTokenTargets(sequences, 5, 0)", { sequences }, () => lesson.nextTokenTargets(sequences, 5, 0));
  expectPairs(got, [[0, 3, 4, 0], [0, 2, 0]], 0, "nextTokenTargets([[0, 3, 4, 0], [0, 2, 0]], 5, 0)");
});

// ---- 10.2 sampleNextToken -------------------------------------------------------------------

type Choice = { temperature?: number; topK?: number; topP?: number };

/**
 * Samples with the student's function and checks every row against the oracle: the library's
 * distribution for that row and the uniform number u the row's draw must use (from a twin generator
 * with the same seed). The answer must be the id whose cumulative interval (in id order) holds u; a
 * tolerance of 1e-6 at the interval's ends lets float32 arithmetic pass. Finally both generators must
 * be at the same place: exactly one draw per row.
 */
function expectDraws(logits: Tensor, choice: Choice, seed: number, what: string): number[] {
  const [B, V] = logits.shape;
  const rows = Array.from({ length: B }, (_, b) => values(logits).slice(b * V, (b + 1) * V));
  const p = rows.map((row) => samplingDistribution(row, { strategy: "temperature", ...choice }));
  const twin = new Rng(seed);
  const got = lesson.sampleNextToken(logits, choice, new Rng(seed));
  expectTrue(Array.isArray(got) && got.length === B, `${what} should return an array of ${B} ids (one per row), got ${JSON.stringify(got)}`);
  for (let b = 0; b < B; b++) {
    const u = twin.next();
    const id = got[b];
    const probability = p[b][id];
    let before = 0;
    for (let i = 0; i < id; i++) before += p[b][i];
    const ok = Number.isInteger(id) && id >= 0 && id < V && probability > 0 && before - 1e-6 <= u && u < before + probability + 1e-6;
    if (!ok) {
      let cumulative = 0;
      let expected = -1;
      for (let i = 0; i < V; i++) {
        if (p[b][i] <= 0) continue;
        cumulative += p[b][i];
        expected = i;
        if (u < cumulative) break;
      }
      const kept = Array.from(p[b]).map((x, i) => [i, x] as const).filter(([, x]) => x > 0).map(([i, x]) => `${i}: ${x.toFixed(4)}`).join(", ");
      throw new GradeFailure(`${what}: row ${b} gave id ${id}, expected ${expected}. With u = rng.next() = ${u.toFixed(6)} and the kept probabilities {${kept}} (id: p), the answer is the smallest id with u < p[0] + … + p[id], summed in id order`);
    }
  }
  return got;
}

/** Checks that the student's function left its generator where one draw per row leaves it. */
function expectOneDrawPerRow(logits: Tensor, choice: Choice, seed: number, what: string): void {
  const rng = new Rng(seed);
  lesson.sampleNextToken(logits, choice, rng);
  const twin = new Rng(seed);
  for (let b = 0; b < logits.shape[0]; b++) twin.next();
  const [mine, expected] = [rng.next(), twin.next()];
  expectTrue(mine === expected, `${what}: after sampling ${logits.shape[0]} row(s), the generator is not where exactly one rng.next() per row leaves it. Call rng.next() once per row, even when only one token is left, and draw nothing else from it`);
}

exercise("10.2", "samples from softmax(logits) with one draw per row, summed in id order", {
  points: 2,
  hint: "Softmax each row (subtract the row's max first), take u = rng.next() once per row, and return the first id whose running sum of probabilities, in id order 0, 1, 2, …, exceeds u.",
}, () => {
  const rng = new Rng(201);
  for (let seed = 1; seed <= 20; seed++) {
    const logits = randn([5, 7], rng).mul(1.5); // (B, V) = (5, 7)
    expectDraws(logits, {}, seed, `sampleNextToken(random (5, 7) logits, {}, new Rng(${seed}))`);
  }
  expectDraws(tensor([[1, 1, 1, 1]]), {}, 3, "sampleNextToken([[1, 1, 1, 1]], {}, new Rng(3))");
  expectOneDrawPerRow(randn([3, 4], rng), {}, 9, "sampleNextToken(random (3, 4) logits, {}, new Rng(9))");
});

exercise("10.2", "divides the logits by the temperature", {
  points: 1,
  hint: "softmax(logits / temperature): a temperature below 1 sharpens the distribution, above 1 flattens it. Divide, don't multiply.",
}, () => {
  const rng = new Rng(202);
  for (const temperature of [0.5, 2, 0.1, 5]) {
    for (let seed = 30; seed < 36; seed++) {
      const logits = randn([4, 6], rng);
      expectDraws(logits, { temperature }, seed, `sampleNextToken(random (4, 6) logits, { temperature: ${temperature} }, new Rng(${seed}))`);
    }
  }
});

exercise("10.2", "keeps the top k tokens, ties with the k-th included", {
  points: 1,
  hint: "Find the k-th largest (scaled) logit and drop every token strictly below it; tokens EQUAL to it stay (so more than k may remain). The kept tokens' probabilities are renormalised to sum to 1.",
}, () => {
  const rng = new Rng(203);
  for (const topK of [1, 2, 3, 6, 10]) {
    for (let seed = 40; seed < 46; seed++) {
      const logits = randn([3, 6], rng).mul(2);
      expectDraws(logits, { topK }, seed, `sampleNextToken(random (3, 6) logits, { topK: ${topK} }, new Rng(${seed}))`);
    }
  }
  // Ties: ids 1, 2 and 4 share the 2nd largest logit, so topK 2 keeps four tokens.
  const tied = tensor([[0, 2, 2, 5, 2, -1], [0, 2, 2, 5, 2, -1]]);
  for (let seed = 0; seed < 12; seed++) expectDraws(tied, { topK: 2 }, seed, `sampleNextToken([[0, 2, 2, 5, 2, -1] twice], { topK: 2 }, new Rng(${seed}))`);
  expectOneDrawPerRow(tensor([[0, 9, 1], [4, 0, 1]]), { topK: 1 }, 5, "sampleNextToken([[0, 9, 1], [4, 0, 1]], { topK: 1 }, new Rng(5))");
});

exercise("10.2", "keeps the smallest set of most likely tokens whose mass reaches topP", {
  points: 2,
  hint: "Sort by probability (descending; equal ones by id). Keep a token while the mass kept BEFORE it is below topP, so the token that crosses topP is kept too. Renormalise the kept ones, then draw in id order (not in the sorted order).",
}, () => {
  // p ≈ [0.0871, 0.2369, 0.6439, 0.0321]: topP 0.7 keeps ids 2 and 1 (0.64 < 0.7, then 0.88 ≥ 0.7).
  const logits = tensor([[1, 2, 3, 0]]);
  for (let seed = 0; seed < 20; seed++) expectDraws(logits, { topP: 0.7 }, seed, `sampleNextToken([[1, 2, 3, 0]], { topP: 0.7 }, new Rng(${seed}))`);
  const rng = new Rng(204);
  for (const topP of [0.1, 0.5, 0.9, 0.95, 1]) {
    for (let seed = 50; seed < 56; seed++) {
      const random = randn([4, 8], rng).mul(1.5);
      expectDraws(random, { topP }, seed, `sampleNextToken(random (4, 8) logits, { topP: ${topP} }, new Rng(${seed}))`);
    }
  }
});

exercise("10.2", "applies temperature, then top-k, then top-p", {
  points: 1,
  hint: "The order matters: scale by the temperature first, then top-k, softmax over the survivors, then top-p on that distribution.",
}, () => {
  const rng = new Rng(205);
  const choices: Choice[] = [{ temperature: 2, topP: 0.6 }, { temperature: 0.5, topK: 4, topP: 0.8 }, { temperature: 1.5, topK: 3 }, { topK: 5, topP: 0.5 }];
  for (const choice of choices) {
    for (let seed = 60; seed < 68; seed++) {
      expectDraws(randn([3, 9], rng).mul(2), choice, seed, `sampleNextToken(random (3, 9) logits, ${JSON.stringify(choice)}, new Rng(${seed}))`);
    }
  }
  // A flat row: top-3 first, then top-p 0.6 of those three keeps 2 tokens; the nucleus of the full
  // softmax would need 4 tokens, and top-3 of those keeps 3. Only the right order passes every seed.
  const flat = tensor([[0.3, 0.2, 0.1, 0, -0.1, -0.2], [-0.2, 0.1, 0.3, -0.1, 0.2, 0]]);
  for (let seed = 0; seed < 16; seed++) {
    expectDraws(flat, { topK: 3, topP: 0.6 }, seed, `sampleNextToken([[0.3, 0.2, 0.1, 0, −0.1, −0.2], [−0.2, 0.1, 0.3, −0.1, 0.2, 0]], { topK: 3, topP: 0.6 }, new Rng(${seed}))`);
  }
  for (let seed = 70; seed < 78; seed++) {
    expectDraws(randn([4, 10], rng).mul(0.3), { topK: 4, topP: 0.5 }, seed, `sampleNextToken(random flat (4, 10) logits, { topK: 4, topP: 0.5 }, new Rng(${seed}))`);
  }
});

exercise("10.2", "works with very large logits", {
  points: 1,
  hint: "exp(1e4) is Infinity: subtract each row's largest logit before exponentiating (it does not change the softmax).",
}, () => {
  const big = tensor([[1e4, 1e4 - 1, 1e4 - 3], [-2e4, -2e4 + 2, -2e4 + 1]]);
  for (let seed = 0; seed < 10; seed++) expectDraws(big, {}, seed, `sampleNextToken([[1e4, 1e4 − 1, 1e4 − 3], [−2e4, −2e4 + 2, −2e4 + 1]], {}, new Rng(${seed}))`);
  for (let seed = 0; seed < 6; seed++) expectDraws(big, { topP: 0.8, temperature: 0.7 }, seed, `sampleNextToken(large logits, { topP: 0.8, temperature: 0.7 }, new Rng(${seed}))`);
});

exercise("10.2", "rejects invalid options", {
  points: 1,
  hint: "Check the options before sampling: temperature must be finite and > 0 (greedy is argmax, not temperature 0 here), topK a whole number >= 1, topP in (0, 1]; logits must be (B, V).",
}, () => {
  const logits = tensor([[0.5, 1, -1]]);
  const bad: [Choice, string][] = [
    [{ temperature: 0 }, "temperature 0"], [{ temperature: -1 }, "temperature −1"], [{ temperature: Number.NaN }, "temperature NaN"],
    [{ temperature: Infinity }, "temperature Infinity"], [{ topK: 0 }, "topK 0"], [{ topK: 2.5 }, "topK 2.5"], [{ topK: -1 }, "topK −1"],
    [{ topP: 0 }, "topP 0"], [{ topP: 1.5 }, "topP 1.5"], [{ topP: -0.1 }, "topP −0.1"], [{ topP: Number.NaN }, "topP NaN"],
  ];
  for (const [choice, why] of bad) expectThrows(() => lesson.sampleNextToken(logits, choice, new Rng(0)), `sampleNextToken([[0.5, 1, −1]], ${why}, rng)`);
  expectThrows(() => lesson.sampleNextToken(tensor([0.5, 1, -1]), {}, new Rng(0)), "sampleNextToken(logits of shape [3], {}, rng) (logits must be (B, V))");
});

exercise("10.2", "leaves the logits and the options alone", {
  points: 1,
  hint: "Scale, filter and softmax into new arrays: never write into logits.data, and do not fill defaults into the options object.",
}, () => {
  const logits = tensor([[3, 1, 2, 0.5], [0, 0, 1, 4]]);
  const choice: Choice = { temperature: 0.8, topK: 3, topP: 0.9 };
  const p = [0, 1].map((b) => samplingDistribution(values(logits).slice(b * 4, b * 4 + 4), { strategy: "temperature", ...choice }));
  const got = expectInputsUnchanged("sampleNextToken(logits, choice, rng)", { logits, choice }, () => lesson.sampleNextToken(logits, choice, new Rng(7)));
  expectTrue(Array.isArray(got) && got.length === 2 && got.every((id, b) => p[b][id] > 0),
    `sampleNextToken(logits, ${JSON.stringify(choice)}, rng) returned ${JSON.stringify(got)}: ids outside the kept tokens`);
});

// ---- 10.3 countParameters -------------------------------------------------------------------

type Sizes = { vocabSize: number; nPositions: number; nEmbd: number; nLayer: number; nInner?: number; tieWordEmbeddings?: boolean };

/** The oracle: build the model (no Rng: zeros, nothing drawn) and count its parameters. */
function libraryCount(sizes: Sizes): number {
  return new GPT({ ...sizes, nHead: 1 }).numParameters();
}

function expectCount(sizes: Sizes, expected: number): void {
  const what = `countParameters(${JSON.stringify(sizes)})`;
  const got = lesson.countParameters({ ...sizes });
  expectTrue(typeof got === "number", `${what} should return a number, got ${typeof got}`);
  expectTrue(got === expected, `${what} returned ${formatNumber(got)}, expected ${formatNumber(expected)} (${got > expected ? "too many" : "too few"} by ${formatNumber(Math.abs(got - expected))})`);
}

exercise("10.3", "counts GPT-2 small's 124,439,808 parameters", {
  points: 1,
  hint: "Embeddings V·C + P·C; per block: two LayerNorms (2C each), c_attn C·3C + 3C, c_proj C·C + C, c_fc C·4C + 4C, c_proj 4C·C + C; then ln_f 2C. The tied LM head adds nothing.",
}, () => {
  expectCount({ vocabSize: 50257, nPositions: 1024, nEmbd: 768, nLayer: 12 }, 124439808);
});

exercise("10.3", "matches the library's GPT for any sizes", {
  points: 2,
  hint: "Every size enters the count: V and P only through the embeddings, C everywhere, L times a block, nInner (default 4C) in the MLP. Count the biases and both LayerNorm vectors of every block, and the final LayerNorm.",
}, () => {
  const cases: Sizes[] = [
    { vocabSize: 28, nPositions: 16, nEmbd: 32, nLayer: 2 },
    { vocabSize: 11, nPositions: 7, nEmbd: 6, nLayer: 3 },
    { vocabSize: 50, nPositions: 20, nEmbd: 12, nLayer: 1, nInner: 5 },
    { vocabSize: 9, nPositions: 33, nEmbd: 8, nLayer: 4, nInner: 40 },
    { vocabSize: 1, nPositions: 1, nEmbd: 1, nLayer: 1 },
  ];
  for (const sizes of cases) expectCount(sizes, libraryCount(sizes));
});

exercise("10.3", "adds a separate LM head only when the embeddings are untied", {
  points: 1,
  hint: "With tieWordEmbeddings false the model has its own lm_head (V, C) without a bias; with true (the default) the LM head is wte itself, counted once.",
}, () => {
  for (const sizes of [
    { vocabSize: 28, nPositions: 16, nEmbd: 32, nLayer: 2, tieWordEmbeddings: false },
    { vocabSize: 13, nPositions: 5, nEmbd: 10, nLayer: 3, nInner: 7, tieWordEmbeddings: false },
    { vocabSize: 13, nPositions: 5, nEmbd: 10, nLayer: 3, tieWordEmbeddings: true },
  ]) {
    expectCount(sizes, libraryCount(sizes));
  }
});

exercise("10.3", "rejects sizes that are not positive integers", {
  points: 1,
  hint: "Check vocabSize, nPositions, nEmbd, nLayer and (when given) nInner: each must be a whole number >= 1.",
}, () => {
  const base: Sizes = { vocabSize: 10, nPositions: 8, nEmbd: 4, nLayer: 2 };
  for (const [field, value] of [["vocabSize", 0], ["nPositions", -3], ["nEmbd", 2.5], ["nLayer", 0], ["nInner", 0], ["nInner", 1.5], ["nLayer", Number.NaN], ["vocabSize", 10.5]] as [keyof Sizes, number][]) {
    const sizes = { ...base, [field]: value };
    expectThrows(() => lesson.countParameters(sizes), `countParameters(${JSON.stringify(sizes).replace("null", "NaN")}) (${field} = ${formatNumber(value)})`);
  }
});

exercise("10.3", "leaves the sizes object alone", {
  points: 1,
  hint: "Keep defaults in your own variables (const F = sizes.nInner ?? 4 * C): writing sizes.nInner = … changes the caller's object.",
}, () => {
  const sizes: Sizes = { vocabSize: 20, nPositions: 10, nEmbd: 8, nLayer: 2 };
  const expected = libraryCount(sizes);
  const got = expectInputsUnchanged("countParameters(sizes)", { sizes }, () => lesson.countParameters(sizes));
  expectTrue(got === expected, `countParameters(${JSON.stringify(sizes)}) returned ${formatNumber(got)}, expected ${formatNumber(expected)}`);
  expectTrue(Object.keys(sizes).length === 4, `countParameters added keys to its argument: ${Object.keys(sizes).join(", ")}`);
});

// ---- 10.4 appendToCache ---------------------------------------------------------------------

function expectAppended(got: unknown, expected: { k: Tensor; v: Tensor }, what: string): void {
  const result = got as { k?: Tensor; v?: Tensor } | null;
  expectTrue(result !== null && typeof result === "object" && result.k !== undefined && result.v !== undefined, `${what} should return { k, v }`);
  const { k, v } = result as { k: Tensor; v: Tensor };
  expectValues(k, expected.k.data, expected.k.shape, `${what}.k`, 0);
  expectValues(v, expected.v.data, expected.v.shape, `${what}.v`, 0);
}

exercise("10.4", "appends the new keys and values after the cached ones, along the sequence axis", {
  points: 2,
  hint: "Concatenate along axis 2 (B, nh, S, hs) ++ (B, nh, T, hs) -> (B, nh, S + T, hs), old tokens first; keys with keys, values with values.",
}, () => {
  const rng = new Rng(301);
  // B, nh, S, T, hs all different, so a wrong axis cannot fit by chance.
  const [B, nh, S, T, hs] = [2, 3, 4, 1, 5];
  const past = { k: randn([B, nh, S, hs], rng), v: randn([B, nh, S, hs], rng) };
  const k = randn([B, nh, T, hs], rng);
  const v = randn([B, nh, T, hs], rng);
  const expected = { k: concat([past.k, k], 2), v: concat([past.v, v], 2) };
  expectAppended(lesson.appendToCache(past, k, v, 16), expected, `appendToCache(past (2, 3, 4, 5), k, v (2, 3, 1, 5), 16)`);
  const k2 = randn([B, nh, 3, hs], rng);
  const v2 = randn([B, nh, 3, hs], rng);
  expectAppended(lesson.appendToCache(past, k2, v2, 7), { k: concat([past.k, k2], 2), v: concat([past.v, v2], 2) },
    "appendToCache(past (2, 3, 4, 5), k, v (2, 3, 3, 5), 7)");
});

exercise("10.4", "starts from an empty cache and grows step by step", {
  points: 1,
  hint: "An empty cache has k = v = null: the result is then just the new keys and values. Appending one token at a time must end with every token in order.",
}, () => {
  const rng = new Rng(302);
  const steps = [3, 1, 1, 2].map((T) => ({ k: randn([1, 2, T, 4], rng), v: randn([1, 2, T, 4], rng) }));
  let cache: { k: Tensor | null; v: Tensor | null } = { k: null, v: null };
  let seen = 0;
  for (const step of steps) {
    const before = cache;
    cache = lesson.appendToCache(before, step.k, step.v, 10);
    seen += step.k.shape[2];
    expectShape(cache.k, [1, 2, seen, 4], `after appending ${seen} tokens, the cache's k`);
  }
  expectAppended(cache, { k: concat(steps.map((s) => s.k), 2), v: concat(steps.map((s) => s.v), 2) },
    "appending (1, 2, T, 4) keys and values with T = 3, 1, 1, 2 to an empty cache");
});

exercise("10.4", "refuses keys that do not fit and a full cache", {
  points: 2,
  hint: "Throw when k and v differ in shape, are not 4-D, disagree with the cache in B, nh or hs, when only one of past.k / past.v is null, or when S + T would exceed maxLength (S + T = maxLength still fits).",
}, () => {
  const rng = new Rng(303);
  const past = { k: randn([2, 3, 4, 5], rng), v: randn([2, 3, 4, 5], rng) };
  const one = () => randn([2, 3, 1, 5], rng);
  expectThrows(() => lesson.appendToCache(past, one(), one(), 4), "appendToCache with 4 cached + 1 new positions and maxLength 4");
  expectThrows(() => lesson.appendToCache({ k: null, v: null }, randn([1, 1, 6, 2], rng), randn([1, 1, 6, 2], rng), 5), "appendToCache(empty, 6 new positions, maxLength 5)");
  expectThrows(() => lesson.appendToCache(past, randn([2, 3, 1, 4], rng), randn([2, 3, 1, 4], rng), 16), "appendToCache with past (2, 3, 4, 5) and new keys (2, 3, 1, 4) (hs differs)");
  expectThrows(() => lesson.appendToCache(past, randn([2, 2, 1, 5], rng), randn([2, 2, 1, 5], rng), 16), "appendToCache with past (2, 3, 4, 5) and new keys (2, 2, 1, 5) (nh differs)");
  expectThrows(() => lesson.appendToCache(past, randn([1, 3, 1, 5], rng), randn([1, 3, 1, 5], rng), 16), "appendToCache with past (2, 3, 4, 5) and new keys (1, 3, 1, 5) (B differs)");
  expectThrows(() => lesson.appendToCache(past, one(), randn([2, 3, 2, 5], rng), 16), "appendToCache with k (2, 3, 1, 5) and v (2, 3, 2, 5)");
  expectThrows(() => lesson.appendToCache({ k: null, v: null }, randn([3, 1, 5], rng), randn([3, 1, 5], rng), 16), "appendToCache with 3-D keys (3, 1, 5)");
  expectThrows(() => lesson.appendToCache({ k: past.k, v: null }, one(), one(), 16), "appendToCache with past.k a tensor but past.v null");
  const fits = lesson.appendToCache(past, one(), one(), 5);
  expectShape(fits.k, [2, 3, 5, 5], "appendToCache with 4 cached + 1 new positions and maxLength 5 (it fits)");
});

exercise("10.4", "returns a new entry and leaves the cache and the new tensors alone", {
  points: 1,
  hint: "Return a new { k, v }: do not assign to past.k / past.v or write into any tensor's data; the caller decides when to keep the new entry.",
}, () => {
  const rng = new Rng(304);
  const past = { k: randn([1, 2, 3, 4], rng), v: randn([1, 2, 3, 4], rng) };
  const k = randn([1, 2, 2, 4], rng);
  const v = randn([1, 2, 2, 4], rng);
  const expected = { k: concat([past.k, k], 2), v: concat([past.v, v], 2) };
  const [pastK, pastV] = [past.k, past.v];
  const got = expectInputsUnchanged("appendToCache(past, k, v, 8)", { past, k, v }, () => lesson.appendToCache(past, k, v, 8));
  expectTrue(past.k === pastK && past.v === pastV, "appendToCache replaced past.k or past.v: return the new entry instead");
  expectAppended(got, expected, "appendToCache(past (1, 2, 3, 4), k, v (1, 2, 2, 4), 8)");
  expectTrue(shapeText(pastK.shape) === "[1, 2, 3, 4]", "appendToCache changed the shape of past.k");
});

// ---- 10.5 review: exam-style questions on the lesson (tests/graders/review-kit.ts) ---------------

import { reviewQuestions } from "./review-kit.js";

reviewQuestions("10.5", lesson, [
  { key: "q1", topic: "next-token pairs of one name", answer: () => causalLmBatch([[0, 5, 13, 13, 1, 0]], 0).targets.size,
    hint: "Write the name with its start and end symbols, then pair each symbol with the one after it: the inputs drop the last symbol, the targets the first." },
  { key: "q2", topic: "why every position trains at once", answer: "b",
    hint: "Reread “Every position trains at once”: what does position t see, and why is its prediction the same as with the prefix alone?" },
  { key: "q3", topic: "perplexity from a loss", answer: Math.exp(2),
    hint: "Perplexity is the exponential of the loss measured in nats (natural logarithms)." },
  { key: "q4", topic: "what top-p keeps", answer: "b",
    hint: "Walk from the most probable token and keep a token while the mass kept BEFORE it is below p; the token that crosses p is kept." },
  { key: "q5", topic: "parameters of a small GPT", answer: () => new GPT({ vocabSize: 100, nPositions: 32, nEmbd: 16, nLayer: 2, nHead: 2 }).numParameters(),
    hint: "Use the lesson's formula N = VC + PC + L(12C² + 13C) + 2C; the tied LM head adds nothing." },
]);
