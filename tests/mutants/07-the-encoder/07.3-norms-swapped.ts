// Mutant of 07.3: uses norm2 after attention and norm1 after the feed-forward network.
import type { Tensor } from "qkv";
import type { EncoderSublayers } from "../../../solutions/07-the-encoder.js";
export * from "../../../solutions/07-the-encoder.js";

export function encoderBlock(x: Tensor, sublayers: EncoderSublayers, options: { normFirst?: boolean } = {}): Tensor {
  const { selfAttention, feedForward, norm1, norm2 } = sublayers;
  if (options.normFirst) {
    const h = x.add(selfAttention(norm2(x)));
    return h.add(feedForward(norm1(h)));
  }
  const h = norm2(x.add(selfAttention(x)));
  return norm1(h.add(feedForward(h)));
}
