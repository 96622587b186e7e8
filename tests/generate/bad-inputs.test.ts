/**
 * Bad inputs to sampling and decoding (issue 19): every sampling option is checked wherever it is
 * given, in the low-level functions too (samplingDistribution, sampleFromLogits, argmaxOf), and
 * decoding takes integer token ids.
 */
import { it } from "vitest";
import { Rng, GPT, gptConfig, tensor, generate, beamSearch, sampleFromLogits, samplingDistribution, argmaxOf } from "qkv";
import { type BadInputCase, describeBadInputs } from "../bad-inputs-kit.js";

const any = <T>(v: unknown) => v as T;
const rng = new Rng(0);
const model = new GPT(gptConfig({ vocabSize: 10, nPositions: 8, nEmbd: 4, nLayer: 1, nHead: 2 }), new Rng(1));

const cases: BadInputCase[] = [
  ["samplingDistribution with topP 0 (NaN probabilities before)", () => samplingDistribution([1, 2], { strategy: "topP", topP: 0 }), /^samplingDistribution: topP must be in \(0, 1\], got 0$/],
  ["samplingDistribution with topK 0 (filtered nothing before)", () => samplingDistribution([1, 2], { strategy: "topK", topK: 0 }), /^samplingDistribution: topK must be an integer >= 1, got 0$/],
  ["samplingDistribution with topK 1.5", () => samplingDistribution([1, 2], { strategy: "topK", topK: 1.5 }), /^samplingDistribution: topK must be an integer >= 1, got 1\.5$/],
  ["samplingDistribution with a negative temperature (inverted before)", () => samplingDistribution([1, 2], { strategy: "temperature", temperature: -1 }), /^samplingDistribution: temperature must be a finite number >= 0 \(0 = greedy\), got -1$/],
  ["samplingDistribution of a Tensor", () => samplingDistribution(any(tensor([[1, 2]])), { strategy: "temperature" }), /^samplingDistribution: logits must be a non-empty array of numbers \(one row of logits\), got a Tensor of shape \(1,2\) and dtype float32 \(pass a Tensor to sampleFromLogits, or its \.data\)$/],
  ["samplingDistribution with an unknown strategy", () => samplingDistribution([1, 2], { strategy: any("nucleus") }), /^samplingDistribution: strategy must be "greedy", "temperature", "topK" or "topP", got "nucleus"$/],
  ["greedy sampleFromLogits with a negative temperature (ignored before)", () => sampleFromLogits([1, 2], { temperature: -1 }), /^sampleFromLogits: temperature must be a finite number >= 0 \(0 = greedy\), got -1$/],
  ["greedy sampleFromLogits with topP 5", () => sampleFromLogits([1, 2], { topP: 5 }), /^sampleFromLogits: topP must be in \(0, 1\], got 5$/],
  ["sampleFromLogits of empty logits", () => sampleFromLogits([]), /^sampleFromLogits: logits must be a non-empty array of numbers \(one row of logits\), got \[\] \(an array\)$/],
  ["sampleFromLogits of a string", () => sampleFromLogits(any("ab")), /^sampleFromLogits: logits must be a non-empty array of numbers \(one row of logits\), got "ab"$/],
  ["sampleFromLogits sampling without an Rng", () => sampleFromLogits([1, 2], { strategy: "temperature" }), /^sampleFromLogits: strategy "temperature" samples and needs a seeded generator: pass \{ rng: new Rng\(seed\) \}$/],
  ["argmaxOf of nothing", () => argmaxOf([]), /^argmaxOf: values must be a non-empty array of numbers/],
  ["generate with topK 0", () => generate(model, [1], { maxNewTokens: 2, strategy: "topK", topK: 0, rng }), /^generate: topK must be an integer >= 1, got 0$/],
  ["greedy generate with a negative temperature", () => generate(model, [1], { maxNewTokens: 2, temperature: -1 }), /^generate: temperature must be a finite number >= 0 \(0 = greedy\), got -1$/],
  ["generate with a fractional token id (truncated before)", () => generate(model, [1.5], { maxNewTokens: 2 }), /^generate: prompt must hold integer token ids >= 0, got 1\.5 at position 0$/],
  ["generate with text as the prompt", () => generate(model, any("hi"), { maxNewTokens: 2 }), /^generate: prompt must be token ids: number\[\], number\[\]\[\] or an int32 Tensor \(B, T\), got "hi" \(encode the text with a tokenizer first\)$/],
  ["generate without options", () => generate(model, [1], any(undefined)), /^generate: needs options with maxNewTokens, e\.g\. generate\(model, prompt, \{ maxNewTokens: 20 \}\), got undefined$/],
  ["generate with a fractional stopToken", () => generate(model, [1], { maxNewTokens: 2, stopToken: 0.5 }), /^generate: stopToken must be a token id \(an integer >= 0\), got 0\.5$/],
  ["beamSearch with a fractional token id", () => beamSearch(model, [1.5], { maxNewTokens: 2 }), /^beamSearch: prompt must hold integer token ids >= 0, got 1\.5 at position 0$/],
  ["beamSearch with beamWidth 0", () => beamSearch(model, [1], { maxNewTokens: 2, beamWidth: 0 }), /^beamSearch: beamWidth must be an integer >= 1, got 0$/],
];

describeBadInputs("generate", cases);
