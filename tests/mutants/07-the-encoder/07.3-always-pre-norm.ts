// Mutant of 07.3: normalises before the sublayer in both modes: the post-norm block is computed as pre-norm.
import type { Tensor } from "qkv";
import type { EncoderSublayers } from "../../../solutions/07-the-encoder.js";
export * from "../../../solutions/07-the-encoder.js";

export function encoderBlock(x: Tensor, sublayers: EncoderSublayers, options: { normFirst?: boolean } = {}): Tensor {
  const { selfAttention, feedForward, norm1, norm2 } = sublayers;
  void options;
  const h = x.add(selfAttention(norm1(x)));
  return h.add(feedForward(norm2(h)));
}
