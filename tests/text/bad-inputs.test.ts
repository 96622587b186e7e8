/** Bad inputs to tokenizers and batching (issue 19), and the message each must give. */
import { describe, expect, it } from "vitest";
import { type BadInputCase, describeBadInputs } from "../bad-inputs-kit.js";
import { Rng, Vocab, tensor, buildCharTokenizer, padSequences, sampleLmWindows, maskedLmOptions, parseTemplate } from "qkv";

const any = <T>(v: unknown) => v as T;
const tok = buildCharTokenizer(["hello world"]);

const cases: BadInputCase[] = [
  ["decode of a (B, T) Tensor", () => tok.decode(tensor([[1, 2]], { dtype: "int32" })), /^decode: ids must be one sequence of token ids: number\[\] or a 1-D int32 Tensor, got a int32 Tensor of shape \(1,2\) \(a batch: decode each row/],
  ["decode of a float Tensor", () => tok.decode(tensor([1, 2])), /^decode: ids must be one sequence of token ids: number\[\] or a 1-D int32 Tensor, got a float32 Tensor of shape \(2\)$/],
  ["decode of a string", () => tok.decode(any("12")), /^decode: ids must be token ids: number\[\] or a 1-D int32 Tensor, got "12"$/],
  ["decode of undefined", () => tok.decode(any(undefined)), /^decode: ids must be token ids: number\[\] or a 1-D int32 Tensor, got undefined$/],
  ["decode of a fractional id", () => tok.decode([1.5]), /^decode: ids must be integers, got 1\.5 at position 0$/],
  ["encode of a number", () => tok.encode(any(5)), /^tokenize: expected a string, got number$/],
  ["padSequences with a fractional padId", () => padSequences([[1]], 0.5), /^padSequences: padId must be a token id \(an integer >= 0\), got 0\.5$/],
  ["padSequences with a fractional id", () => padSequences([[1.5]], 0), /^padSequences: sequence 0 holds 1\.5; ids must be integers$/],
  ["sampleLmWindows without an Rng", () => sampleLmWindows([1, 2, 3, 4], 2, 1, any(undefined)), /^sampleLmWindows: needs an Rng as random source \(argument rng, e\.g\. new Rng\(42\)\), got undefined$/],
  ["maskedLmOptions with probability -1", () => maskedLmOptions(tok, new Rng(0), -1), /^maskedLmOptions: probability must be in \[0, 1\], got -1$/],
  ["Vocab of a string", () => new Vocab(any("ab")), /^Vocab: tokens must be an array of strings \(id i is tokens\[i\]\), got "ab"$/],
  ["parseTemplate of a number", () => parseTemplate(any(5)), /^parseTemplate: template must be a string such as "\[CLS\] \$A \[SEP\]", got number$/],
];

describeBadInputs("text", cases);

describe("text: what a decode of a Tensor gives", () => {
  it("decode reads a 1-D int32 Tensor as its ids (it returned \"\" before)", () => {
    const ids = tok.encode("hello");
    expect(tok.decode(tensor(ids, { dtype: "int32" }))).toBe(tok.decode(ids));
    expect(tok.decode(ids)).not.toBe("");
  });
});
