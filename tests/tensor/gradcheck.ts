/**
 * Finite-difference gradient check (float64). For loss = Σ f(inputs) ⊙ W, with W a fixed random
 * weight tensor (so every output element matters differently), compares the gradient from
 * backward() with the central difference (loss(x + h) − loss(x − h)) / 2h for every input element.
 */
import { Tensor, Rng, randn, noGrad, mul, sum } from "qkv";

export interface GradcheckResult {
  maxError: number;
  worst: string;
}

export function gradcheck(f: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], seed = 0, h = 1e-6): GradcheckResult {
  for (const x of inputs) {
    if (x.dtype !== "float64") throw new Error("gradcheck needs float64 inputs");
    x.requiresGrad = true;
    x.zeroGrad();
  }
  const out = f(...inputs);
  // float64 must survive every op, or the finite differences below would drown in float32 rounding.
  if (out.dtype !== "float64") throw new Error(`gradcheck: output dtype is ${out.dtype}; float64 inputs must give float64`);
  const weights = randn(out.shape, new Rng(seed + 1000), { dtype: "float64" });
  sum(mul(out, weights)).backward();
  const loss = () => noGrad(() => sum(mul(f(...inputs), weights)).item());
  let maxError = 0;
  let worst = "none";
  inputs.forEach((x, k) => {
    for (let i = 0; i < x.size; i++) {
      const saved = x.data[i];
      x.data[i] = saved + h;
      const up = loss();
      x.data[i] = saved - h;
      const down = loss();
      x.data[i] = saved;
      const numeric = (up - down) / (2 * h);
      const analytic = x.grad === null ? 0 : x.grad.data[i];
      // relative to the size of the gradient, with an absolute floor for tiny gradients
      const error = Math.abs(numeric - analytic) / Math.max(1, Math.abs(numeric));
      if (error > maxError) {
        maxError = error;
        worst = `input ${k}, element ${i}: backward ${analytic}, finite difference ${numeric}`;
      }
    }
  });
  return { maxError, worst };
}
