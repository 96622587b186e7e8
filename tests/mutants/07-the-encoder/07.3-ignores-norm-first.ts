// Mutant of 07.3: reads the option under a misspelt name (preNorm), so it always builds the post-norm block.
import type { Tensor } from "qkv";
import type { EncoderSublayers } from "../../../solutions/07-the-encoder.js";
export * from "../../../solutions/07-the-encoder.js";

export function encoderBlock(x: Tensor, sublayers: EncoderSublayers, options: { normFirst?: boolean } = {}): Tensor {
  const { selfAttention, feedForward, norm1, norm2 } = sublayers;
  if ((options as { preNorm?: boolean }).preNorm) {
    const h = x.add(selfAttention(norm1(x)));
    return h.add(feedForward(norm2(h)));
  }
  const h = norm1(x.add(selfAttention(x)));
  return norm2(h.add(feedForward(h)));
}
