/** Dropout: zero each value with probability p during training (scaling the rest by 1/(1-p)). */
import { Rng, Tensor, dropout } from "../tensor/index.js";
import { QkvError } from "../tensor/errors.js";
import { Module } from "./module.js";

export class Dropout extends Module {
  readonly p: number;
  /** Its own seeded stream: the same seed drops the same units on every run. */
  private readonly rng: Rng;

  constructor(p: number, rng: Rng) {
    super();
    if (!(p >= 0 && p < 1)) throw new QkvError(`Dropout: p must be in [0, 1), got ${p}`);
    this.p = p;
    this.rng = rng;
  }

  /** Identity in eval() mode or when p = 0. */
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.rng, this.training);
  }

  protected extraRepr(): string {
    return `p=${this.p}`;
  }
}
