// Mutant of 07.3: pre-norm that carries the normalised x along the residual path: n + attention(n) with n = norm1(x).
import type { Tensor } from "qkv";
import type { EncoderSublayers } from "../../../solutions/07-the-encoder.js";
export * from "../../../solutions/07-the-encoder.js";

export function encoderBlock(x: Tensor, sublayers: EncoderSublayers, options: { normFirst?: boolean } = {}): Tensor {
  const { selfAttention, feedForward, norm1, norm2 } = sublayers;
  if (options.normFirst) {
    const n1 = norm1(x);
    const h = n1.add(selfAttention(n1));
    const n2 = norm2(h);
    return n2.add(feedForward(n2));
  }
  const h = norm1(x.add(selfAttention(x)));
  return norm2(h.add(feedForward(h)));
}
