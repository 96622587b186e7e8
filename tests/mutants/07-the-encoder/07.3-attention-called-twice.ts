// Mutant of 07.3: right output, but calls selfAttention a second time to check its shape. With real
// layers that doubles the work (and with dropout it would use two different masks).
import type { Tensor } from "qkv";
import type { EncoderSublayers } from "../../../solutions/07-the-encoder.js";
export * from "../../../solutions/07-the-encoder.js";

export function encoderBlock(x: Tensor, sublayers: EncoderSublayers, options: { normFirst?: boolean } = {}): Tensor {
  const { selfAttention, feedForward, norm1, norm2 } = sublayers;
  if (selfAttention(x).shape.join() !== x.shape.join()) throw new Error("encoderBlock: selfAttention changed the shape");
  if (options.normFirst) {
    const h = x.add(selfAttention(norm1(x)));
    return h.add(feedForward(norm2(h)));
  }
  const h = norm1(x.add(selfAttention(x)));
  return norm2(h.add(feedForward(h)));
}
