// Mutant of 07.3: post-norm without the residual around attention: norm1(attention(x)) instead of norm1(x + attention(x)).
import type { Tensor } from "qkv";
import type { EncoderSublayers } from "../../../solutions/07-the-encoder.js";
export * from "../../../solutions/07-the-encoder.js";

export function encoderBlock(x: Tensor, sublayers: EncoderSublayers, options: { normFirst?: boolean } = {}): Tensor {
  const { selfAttention, feedForward, norm1, norm2 } = sublayers;
  if (options.normFirst) {
    const h = x.add(selfAttention(norm1(x)));
    return h.add(feedForward(norm2(h)));
  }
  const h = norm1(selfAttention(x));
  return norm2(h.add(feedForward(h)));
}
