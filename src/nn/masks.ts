/**
 * Attention masks. CONVENTION (all of qkv, as Hugging Face's attention_mask = 1): a mask is a bool
 * tensor and `true` means "this key may be attended to". Masked scores become -Infinity before the
 * softmax; a query whose keys are all masked gets zero weights (and a zero output), not NaN.
 * (PyTorch's bool masks mean the opposite: True = blocked.)
 */
import { Tensor } from "../tensor/index.js";
import { QkvError, describeValue, formatShape } from "../tensor/errors.js";
import { MAX_ELEMENTS } from "../tensor/shape.js";

/**
 * (T, S) bool, true where query i may see key j: j <= i + (S - T). With S = T that is the lower
 * triangle (no peeking at later tokens). With S > T the queries are the last T of S positions, as when
 * new tokens attend to a KV cache of S - T earlier ones.
 */
export function causalMask(T: number, S: number = T): Tensor {
  if (!Number.isInteger(T) || T < 0 || !Number.isInteger(S) || S < T) {
    throw new QkvError(`causalMask: T (queries) and S (keys) must be integers with 0 <= T <= S, got T=${describeValue(T)}, S=${describeValue(S)}`);
  }
  if (T * S > MAX_ELEMENTS) throw new QkvError(`causalMask: a (${T}, ${S}) mask has ${T * S} elements, more than the ${MAX_ELEMENTS} a tensor can hold`);
  const data = new Uint8Array(T * S);
  for (let i = 0; i < T; i++) for (let j = 0; j <= i + S - T; j++) data[i * S + j] = 1;
  return new Tensor(data, [T, S]);
}

/**
 * The key padding mask (B, S) bool, true on real tokens (may be attended to), false on padding.
 * Give either the sequence lengths (with `S`, the padded length; default the longest) or a
 * Hugging Face attention_mask (B, S) of 1 / 0 (any dtype).
 */
export function paddingMask(lengthsOrAttentionMask: number[] | Tensor, S?: number): Tensor {
  if (lengthsOrAttentionMask instanceof Tensor) {
    const m = lengthsOrAttentionMask;
    if (m.ndim !== 2) throw new QkvError(`paddingMask: attention_mask must be (B, S), got ${formatShape(m.shape)}`);
    if (S !== undefined && S !== m.shape[1]) throw new QkvError(`paddingMask: attention_mask ${formatShape(m.shape)} has S=${m.shape[1]}, but S=${S} was given`);
    const data = new Uint8Array(m.size);
    for (let i = 0; i < m.size; i++) {
      const v = m.data[i];
      if (v !== 0 && v !== 1) throw new QkvError(`paddingMask: attention_mask values must be 0 or 1, got ${v} at flat index ${i}`);
      data[i] = v;
    }
    return new Tensor(data, [...m.shape]);
  }
  const lengths = lengthsOrAttentionMask;
  if (!Array.isArray(lengths)) {
    throw new QkvError(`paddingMask: needs the sequence lengths (number[]) or an attention_mask Tensor (B, S), got ${describeValue(lengths)}`);
  }
  if (lengths.length === 0) throw new QkvError("paddingMask: needs at least one length, got [] (an empty batch)");
  if (S !== undefined && !(Number.isInteger(S) && S >= 0)) throw new QkvError(`paddingMask: S (the padded length) must be an integer >= 0, got ${describeValue(S)}`);
  const maxLen = S ?? Math.max(0, ...lengths.map((n) => (typeof n === "number" ? n : 0)));
  if (lengths.length * maxLen > MAX_ELEMENTS) throw new QkvError(`paddingMask: a (${lengths.length}, ${maxLen}) mask has more than the ${MAX_ELEMENTS} elements a tensor can hold`);
  lengths.forEach((len, b) => {
    if (!Number.isInteger(len) || len < 0 || len > maxLen) {
      throw new QkvError(`paddingMask: length ${describeValue(len)} of sequence ${b} must be an integer in [0, S=${maxLen}]`);
    }
  });
  const data = new Uint8Array(lengths.length * maxLen);
  lengths.forEach((len, b) => data.fill(1, b * maxLen, b * maxLen + len));
  return new Tensor(data, [lengths.length, maxLen]);
}
