/** Embedding: a learned lookup table from token ids to vectors. */
import { Rng, Tensor, embedding } from "../tensor/index.js";
import { QkvError, checkPositiveIntegers, formatShape } from "../tensor/errors.js";
import { Module } from "./module.js";
import { normalInit } from "./init.js";
import { checkTensorArg } from "../tensor/validate.js";

export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** (numEmbeddings, embeddingDim): row i is the vector of id i. */
  weight: Tensor;

  /** Rows start N(0, 1), PyTorch's default, drawn from `rng` (zeros without one, to be loaded). */
  constructor(numEmbeddings: number, embeddingDim: number, rng?: Rng | null) {
    super();
    checkPositiveIntegers("Embedding", { numEmbeddings, embeddingDim });
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.weight = this.registerParameter("weight", normalInit([numEmbeddings, embeddingDim], 1, rng));
  }

  /** ids (...) int32 -> (..., embeddingDim). The gradient flows back into the rows that were looked up. */
  forward(ids: Tensor): Tensor {
    checkTensorArg(ids, "Embedding.forward", "ids");
    if (ids.dtype !== "int32") {
      throw new QkvError(`Embedding: ids must be an int32 tensor, got ${ids.dtype} of shape ${formatShape(ids.shape)} (use tensor(ids, { dtype: "int32" }))`);
    }
    const data = ids.data;
    for (let i = 0; i < data.length; i++) {
      if (data[i] < 0 || data[i] >= this.numEmbeddings) {
        throw new QkvError(`Embedding: id ${data[i]} at flat index ${i} is out of range [0, ${this.numEmbeddings})`);
      }
    }
    return embedding(this.weight, ids);
  }

  protected extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}`;
  }
}
