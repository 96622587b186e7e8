/** Dropout: zero each value with probability p during training (scaling the rest by 1/(1-p)). */
import { Rng, Tensor, dropout } from "../tensor/index.js";
import { QkvError } from "../tensor/errors.js";
import { Module } from "./module.js";

export class Dropout extends Module {
  readonly p: number;
  /** Its own seeded stream: the same seed drops the same units on every run. Null: built without one. */
  private readonly rng: Rng | null;

  /** `rng` may be omitted for a layer that never drops in training (p = 0) or only runs in eval(). */
  constructor(p: number, rng?: Rng | null) {
    super();
    if (!(p >= 0 && p < 1)) throw new QkvError(`Dropout: p must be in [0, 1), got ${p}`);
    this.p = p;
    this.rng = rng ?? null;
  }

  /** Identity in eval() mode or when p = 0. */
  forward(x: Tensor): Tensor {
    if (!this.training || this.p === 0) return x;
    if (!this.rng) {
      throw new QkvError(`Dropout: p=${this.p} in train() mode needs a seeded Rng, but this layer was built without one (pass an Rng to the model's constructor, or call eval())`);
    }
    return dropout(x, this.p, this.rng, this.training);
  }

  protected extraRepr(): string {
    return `p=${this.p}`;
  }
}
