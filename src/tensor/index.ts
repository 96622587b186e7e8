// The public face of the tensor area: everything listed here is re-exported by "qkv".
// Anything else in src/tensor (kernels, autograd internals such as recordOp) is internal.
// methods.ts attaches Tensor's op methods (x.add(y), x.backward(), …); it must load before any op is used.
import "./methods.js";
export { Tensor } from "./tensor.js";
export type { DType, TypedArray } from "./dtype.js";
export type { Shape } from "./shape.js";
export type { NestedArray } from "./convert.js";
export type { TensorOptions, TensorDataOptions } from "./create.js";
export type { Operand } from "./elementwise.js";
export type { GeluApproximation } from "./activation.js";
export { QkvError } from "./errors.js";

// creation and randomness
export { tensor, zeros, ones, full, zerosLike, onesLike, arange, eye } from "./create.js";
export { Rng, rand, randn, randint } from "./random.js";

// element-wise ops, comparisons, logic
export {
  add, sub, mul, div, neg, pow, exp, log, sqrt, abs,
  eq, ne, gt, ge, lt, le, logicalAnd, logicalOr, logicalNot,
} from "./elementwise.js";
export { tanh, relu, sigmoid, gelu } from "./activation.js";
export { erf } from "./erf.js";

// linear algebra, shapes, indexing
export { matmul } from "./matmul.js";
export { reshape, transpose, permute, unsqueeze, squeeze, flatten, slice, concat, stack, split } from "./shape-ops.js";
export { broadcastTo } from "./broadcast.js";
export { broadcastShapes } from "./shape.js";
export { gather, indexSelect, embedding, oneHot } from "./gather.js";
export { where, maskedFill } from "./where.js";

// reductions and normalizations
export { sum, mean, max, min, argmax, variance } from "./reduce.js";
export { softmax, logSoftmax } from "./softmax.js";
export { layerNorm } from "./layer-norm.js";
export { cosineSimilarity } from "./cosine.js";
export { dropout } from "./dropout.js";

// autograd
export { noGrad, isGradEnabled } from "./autograd.js";

// interop and checks
export { toMathjs, fromMathjs } from "./mathjs.js";
export { assertShape } from "./assert-shape.js";
