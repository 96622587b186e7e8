/**
 * Errors that help: each bad input below must throw a QkvError whose message names the op, the
 * shapes or values, and the rule. The messages are pinned so that a change is a visible decision.
 */
import { describe, expect, it } from "vitest";
import {
  QkvError, tensor, zeros, ones, arange, matmul, add, concat, gather, indexSelect, embedding, layerNorm, dropout,
  softmax, log, sqrt, reshape, permute, slice, split, where, Rng, randint, assertShape, toMathjs, eye,
} from "qkv";

const i32 = (values: number[], shape?: number[]) => tensor(values, { dtype: "int32", shape });

const cases: [string, () => unknown, RegExp][] = [
  ["matmul inner dimensions", () => matmul(zeros([2, 3]), zeros([4, 5])), /^matmul: \(2,3\) x \(4,5\): inner dimensions 3 != 4$/],
  ["matmul of a vector", () => matmul(zeros([3]), zeros([3])), /^matmul: \(3\) x \(3\): both operands need at least 2 axes/],
  ["bad broadcast", () => add(zeros([2, 3]), zeros([3, 2])), /^add: shapes \(2,3\) and \(3,2\) cannot be broadcast: dimension 3 != 2 \(axis -1 from the right\) and neither is 1$/],
  ["axis out of range (sum)", () => zeros([2, 3]).sum(-3), /^sum: axis -3 is out of range for shape \(2,3\) \(valid: -2\.\.1\)$/],
  ["axis out of range (softmax)", () => softmax(zeros([4]), 1), /^softmax: axis 1 is out of range for shape \(4\) \(valid: -1\.\.0\)$/],
  ["reshape size mismatch", () => reshape(zeros([2, 3]), [5]), /^reshape: cannot reshape \(2,3\) \(6 elements\) to \(5\) \(5 elements\): sizes must match$/],
  ["permute not a permutation", () => permute(zeros([2, 3, 4]), [0, 1, 1]), /^permute: \[0,1,1\] is not a permutation of the axes of \(2,3,4\) \(an axis repeats\)$/],
  ["slice out of range", () => slice(zeros([4]), 0, 1, 6), /^slice: \[1:6\] on axis 0 of \(4\) is out of range/],
  ["split sizes do not add up", () => split(zeros([4]), [1, 1]), /^split: sizes \[1,1\] add up to 2 but axis 0 of \(4\) has length 4$/],
  ["concat shape mismatch", () => concat([zeros([2, 3]), zeros([2, 4])], 0), /^concat: shapes \(2,3\), \(2,4\) must match on every axis except axis 0$/],
  ["concat dtype mismatch", () => concat([zeros([1]), zeros([1], { dtype: "float64" })]), /^concat: dtypes must match, got float32, float64$/],
  ["gather index out of range", () => gather(zeros([2, 3]), 1, i32([0, 5], [2, 1])), /^gather: index 5 at flat position 1 is out of range for axis 1 of size 3/],
  ["gather with float index", () => gather(zeros([2, 3]), 0, zeros([1, 1])), /^gather: index must be an int32 tensor, got dtype float32 \(use \.to\("int32"\)\)$/],
  ["indexSelect negative id", () => indexSelect(zeros([3, 2]), 0, [-1]), /^indexSelect: index -1 at flat position 0 is out of range for axis 0 of size 3/],
  ["embedding id beyond vocabulary", () => embedding(zeros([10, 4]), i32([3, 10])), /^indexSelect: index 10 at flat position 1 is out of range for axis 0 of size 10/],
  ["log of a negative value (would be NaN)", () => log(tensor([2, -1])), /^log: input has negative value -1 at flat index 1 \(shape \(2\)\); log is defined for x >= 0 only/],
  ["sqrt of a negative value (would be NaN)", () => sqrt(tensor([[-0.25]])), /^sqrt: input has negative value -0.25 at flat index 0 \(shape \(1,1\)\)/],
  ["fractional power of a negative (would be NaN)", () => tensor([-2]).pow(0.5), /^pow: negative base -2 at flat index 0 with non-integer exponent 0.5 has no real value/],
  ["backward of a non-scalar without grad", () => tensor([1, 2], { requiresGrad: true }).mul(2).backward(), /^backward: tensor of shape \(2\) is not a scalar; pass the gradient explicitly: backward\(grad\) with grad of shape \(2\)$/],
  ["backward without requiresGrad", () => ones([1]).backward(), /^backward: this tensor of shape \(1\) does not require grad/],
  ["item of a non-scalar", () => zeros([2]).item(), /^item: needs a tensor with one element, got shape \(2\) \(2 elements\)$/],
  ["layerNorm shape mismatch", () => layerNorm(zeros([2, 5]), [4]), /^layerNorm: input \(2,5\) must end with normalizedShape \(4\)$/],
  ["layerNorm weight shape", () => layerNorm(zeros([2, 4]), [4], zeros([3])), /^layerNorm: weight has shape \(3\) but normalizedShape is \(4\)$/],
  ["dropout probability", () => dropout(zeros([2]), 1.5, new Rng(0), true), /^dropout: p must be a probability in \[0, 1\], got 1.5$/],
  ["where with a float condition", () => where(zeros([2]), 1, 0), /^where: condition must be a bool tensor, got dtype float32/],
  ["randint bounds", () => randint(5, 5, [2], new Rng(0)), /^randint: needs integers low < high, got low=5, high=5$/],
  ["requiresGrad on int32", () => tensor([1], { dtype: "int32", requiresGrad: true }), /^Tensor: requiresGrad needs a float dtype, got int32/],
  ["unknown dtype", () => zeros([2], { dtype: "float16" as "float32" }), /^full: unknown dtype "float16" \(use float32, float64, int32 or bool\)$/],
  ["assertShape", () => assertShape(zeros([2, 7]), [null, 8], "Linear input (B, C)"), /^Linear input \(B, C\): expected shape \(\*,8\) but got \(2,7\)$/],
  ["toMathjs of a 3-D tensor", () => toMathjs(zeros([1, 2, 3])), /^toMathjs: only 1-D and 2-D tensors convert to a mathjs Matrix, got shape \(1,2,3\)$/],
  ["ragged nested array", () => tensor([[1], [2, 3]]), /^tensor: ragged nested array: at \[1\] expected a list of length 1/],
  ["eye of a fraction", () => eye(2.5), /^eye: n must be a non-negative integer, got 2.5$/],
  ["arange with zero step", () => arange(0, 1, 0), /^arange: step must be a non-zero finite number, got 0$/],
];

describe("error messages", () => {
  it(`pins at least 20 messages (${cases.length} here)`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });
  for (const [what, run, message] of cases) {
    it(what, () => {
      let thrown: unknown = null;
      try {
        run();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(QkvError);
      expect((thrown as Error).message).toMatch(message);
    });
  }
});
