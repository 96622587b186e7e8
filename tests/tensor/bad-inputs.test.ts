/**
 * Bad inputs a student might pass in a notebook (tsx strips types, so nothing stops them before run
 * time), and the message each must give: a QkvError naming the function, the argument, what was given
 * and what is allowed. Issue 15 bugs 6-7 and issue 19; tests/tensor/errors.test.ts has the shape rules.
 */
import { describe, expect, it } from "vitest";
import * as q from "qkv";
import { QkvError, Rng, Tensor, tensor, zeros } from "qkv";
import { type BadInputCase, describeBadInputs } from "../bad-inputs-kit.js";

const t = tensor([[1, 2], [3, 4]]);
/** Calls with deliberately wrong types: the casts stand for an untyped notebook cell. */
const any = <T>(v: unknown) => v as T;

const cases: BadInputCase[] = [
  // issue 15, bug 6: the constructor validates like tensor() and zeros() do
  ["new Tensor with a negative shape", () => new Tensor(new Float32Array(2), [-1, -2]), /^Tensor: shape \(-1,-2\): dimensions must be non-negative integers, got -1$/],
  ["new Tensor with a fractional shape", () => new Tensor(new Float32Array(2), [0.5, 4]), /^Tensor: shape \(0\.5,4\): dimensions must be non-negative integers, got 0\.5$/],
  ["new Tensor from a plain array", () => new Tensor(any([1, 2]), [2]), /^Tensor: data must be a Float32Array, Float64Array, Int32Array or Uint8Array \(bool\), got \[1,2\] \(an array\) \(to build a tensor from numbers use tensor\(values\)\)$/],
  ["new Tensor bool storage holding 2", () => new Tensor(Uint8Array.of(0, 2), [2]), /^Tensor: a bool tensor's Uint8Array holds 0 or 1, got 2 at flat index 1$/],
  // issue 15, bug 7: no silent seed aliasing
  ["Rng(1.5)", () => new Rng(1.5), /^Rng: seed must be an integer in 0\.\.4294967295 \(2\^32 - 1\), got 1\.5$/],
  ["Rng(2**32 + 1)", () => new Rng(2 ** 32 + 1), /^Rng: seed must be an integer in 0\.\.4294967295 \(2\^32 - 1\), got 4294967297$/],
  ["Rng(-1)", () => new Rng(-1), /^Rng: seed must be an integer in 0\.\.4294967295 \(2\^32 - 1\), got -1$/],
  ["Rng(\"1\")", () => new Rng(any("1")), /^Rng: seed must be an integer in 0\.\.4294967295 \(2\^32 - 1\), got "1"$/],
  // arrays (or numbers) where a Tensor is needed: no bare TypeError
  ["exp of an array", () => q.exp(any([1, 2])), /^exp: t must be a Tensor, got \[1,2\] \(an array\) \(wrap it: tensor\(\.\.\.\)\)$/],
  ["log of a number", () => q.log(any(2)), /^log: t must be a Tensor, got 2 \(wrap it: tensor\(\.\.\.\)\)$/],
  ["relu of an array", () => q.relu(any([1])), /^relu: t must be a Tensor, got \[1\] \(an array\)/],
  ["pow of an array", () => q.pow(any([1]), 2), /^pow: t must be a Tensor, got \[1\] \(an array\)/],
  ["sum of an array", () => q.sum(any([1, 2])), /^sum: t must be a Tensor, got \[1,2\] \(an array\)/],
  ["mean of an array", () => q.mean(any([1, 2])), /^mean: t must be a Tensor, got \[1,2\] \(an array\)/],
  ["max of an array", () => q.max(any([1, 2])), /^max: t must be a Tensor, got \[1,2\] \(an array\)/],
  ["softmax of an array", () => q.softmax(any([1, 2])), /^softmax: t must be a Tensor, got \[1,2\] \(an array\)/],
  ["reshape of an array", () => q.reshape(any([1, 2]), [2]), /^reshape: t must be a Tensor, got \[1,2\] \(an array\)/],
  ["permute of an array", () => q.permute(any([1]), [0]), /^permute: t must be a Tensor/],
  ["matmul with an array", () => q.matmul(any([[1]]), t), /^matmul: a must be a Tensor, got an array of length 1/],
  ["concat with an array inside", () => q.concat([t, any([1, 2])]), /^concat: tensors\[1\] must be a Tensor, got \[1,2\] \(an array\)/],
  ["concat of a tensor, not a list", () => q.concat(any(t)), /^concat: needs a non-empty list of tensors, got a Tensor of shape \(2,2\) and dtype float32$/],
  ["indexSelect on an array", () => q.indexSelect(any([[1]]), 0, [0]), /^indexSelect: t must be a Tensor/],
  ["where with an array branch", () => q.where(t.gt(1), any([1, 2]), 0), /^where: a must be a Tensor or a number, got \[1,2\] \(an array\)$/],
  ["maskedFill of an array", () => q.maskedFill(any([1]), t.gt(1), 0), /^maskedFill: t must be a Tensor/],
  ["layerNorm of an array", () => q.layerNorm(any([1, 2]), [2]), /^layerNorm: x must be a Tensor/],
  ["layerNorm with an array weight", () => q.layerNorm(t, [2], any([1, 1])), /^layerNorm: weight must be a Tensor, got \[1,1\] \(an array\)/],
  ["cosineSimilarity of an array", () => q.cosineSimilarity(any([1, 2]), t), /^cosineSimilarity: a must be a Tensor/],
  ["dropout of an array", () => q.dropout(any([1]), 0.5, new Rng(0), true), /^dropout: x must be a Tensor/],
  ["add with a string", () => q.add(t, any("1")), /^add: operands must be tensors or numbers, got "1"$/],
  ["add with an array", () => q.add(any([1, 2]), t), /^add: operands must be tensors or numbers, got \[1,2\] \(an array\) \(wrap it: tensor\(\.\.\.\)\)$/],
  ["backward with an array as grad", () => tensor([1, 2], { requiresGrad: true }).mul(2).backward(any([1, 1])), /^backward: grad must be a Tensor of shape \(2\), got \[1,1\] \(an array\)$/],
  ["assertShape with a string", () => q.assertShape(t, any("2,2"), "x"), /^assertShape: expected must be an array of sizes \(null = any\), got "2,2"$/],
  ["noGrad of a value", () => q.noGrad(any(3)), /^noGrad: needs a function to run without recording the graph, e\.g\. noGrad\(\(\) => model\.forward\(x\)\), got 3$/],
  ["zerosLike of an array", () => q.zerosLike(any([1])), /^zerosLike: t must be a Tensor/],
  ["tensor() of a tensor", () => tensor(any(t)), /^tensor: data must be a number, a nested array of numbers or a typed array, got a Tensor of shape \(2,2\) and dtype float32 \(to copy a tensor use \.clone\(\)\)$/],
  ["tensor() of undefined", () => tensor(any(undefined)), /^tensor: data must be a number, a nested array of numbers or a typed array, got undefined$/],
  // issue 19: a bool tensor from non-boolean data; fractional ids
  ["a bool tensor from numbers", () => tensor([1, 2], { dtype: "bool" }), /^tensor: dtype bool needs true\/false \(or 0\/1\) values, got 2 at flat index 1 \(for a mask from numbers compare them, e\.g\. x\.ne\(0\)\)$/],
  ["an int32 tensor from fractions", () => tensor([1.5], { dtype: "int32" }), /^tensor: dtype int32 needs whole numbers in -2147483648\.\.2147483647, got 1\.5 at flat index 0/],
  ["indexSelect with a fractional id", () => q.indexSelect(t, 0, [0.5]), /^indexSelect: index must hold integers, got 0\.5 at position 0$/],
  // issue 19: huge or negative sizes name the function, not "Invalid typed array length"
  ["zeros of a huge shape", () => zeros([1e6, 1e6]), /^full: shape \(1000000,1000000\) has 1000000000000 elements, more than the 2147483647 a tensor can hold$/],
  ["zeros of a negative size", () => zeros([-1]), /^full: shape \(-1\): dimensions must be non-negative integers, got -1$/],
  ["arange of a huge range", () => q.arange(0, 1e12), /^arange: 0 to 1000000000000 in steps of 1 gives 1000000000000 elements, more than the 2147483647/],
  ["eye of a huge n", () => q.eye(1e6), /^eye: n = 1000000 gives 1000000000000 elements, more than the 2147483647/],
  // ranges and options
  ["full with a string value", () => q.full([2], any("a")), /^full: value must be a number, got "a"$/],
  ["arange of a string", () => q.arange(any("5")), /^arange: start and end must be finite numbers, got 0 and "5"$/],
  ["cosineSimilarity with eps < 0", () => q.cosineSimilarity(t, t, -1, -1), /^cosineSimilarity: eps must be a number > 0, got -1$/],
  ["variance with a negative correction", () => q.variance(t, 0, false, -3), /^variance: correction must be a number >= 0 \(0: population variance, 1: unbiased\), got -3$/],
  ["sum with keepDims a string", () => t.sum(0, any("yes")), /^sum: keepDims must be true or false, got "yes"$/],
  ["argmax over two axes", () => q.argmax(t, any([0, 1])), /^argmax: takes one axis \(a number\), like torch\.argmax; got \[0,1\] \(an array\) \(reshape several axes into one first\)$/],
  ["maskedFill with a string value", () => q.maskedFill(t, t.gt(1), any("x")), /^maskedFill: value must be a number \(e\.g\. -Infinity or 0\), got "x"$/],
  ["reshape to a string", () => q.reshape(t, any("4")), /^reshape: shape must be an array of integers \(one may be -1\), got "4"$/],
  ["permute with a number", () => q.permute(t, any(1)), /^permute: axes must be an array of axis numbers, got 1$/],
  ["broadcastShapes of strings", () => q.broadcastShapes(any("ab"), [1]), /^broadcastShapes: shape must be an array of non-negative integers, got "ab"$/],
  ["layerNorm normalizedShape of a string", () => q.layerNorm(t, any("2")), /^layerNorm: normalizedShape must be an array of sizes \(the last axes of x\), got "2"$/],
  ["shuffle of a string", () => new Rng(0).shuffle(any<unknown[]>("abc")), /^Rng\.shuffle: needs an array \(shuffled in place\), got "abc"$/],
  ["randn without an Rng (\"reading 'next'\" before)", () => q.randn([2], any(undefined)), /^randn: needs an Rng as random source \(argument rng, e\.g\. new Rng\(42\)\), got undefined$/],
  ["rand with a look-alike generator", () => q.rand([2], any({ next: () => 0.5 })), /^rand: needs an Rng as random source \(argument rng, e\.g\. new Rng\(42\)\), got an object \{next\}$/],
];

describeBadInputs("tensor", cases);

describe("tensor: what stays allowed", () => {
  it("layerNorm takes a number as normalizedShape (as PyTorch takes an int)", () => {
    expect(q.layerNorm(t, 2).toArray()).toEqual(q.layerNorm(t, [2]).toArray());
  });
  it("every seed 0..2^32-1 is its own stream; fork still works", () => {
    expect(new Rng(0xffffffff).next()).not.toBe(new Rng(0).next());
    expect(new Rng(7).fork().next()).toBe(new Rng(7).fork().next());
  });
  it("an empty slice is an empty tensor, as in PyTorch", () => {
    expect(t.slice(0, 1, 1).shape).toEqual([0, 2]);
  });
});
