/**
 * Position information. Attention by itself ignores order (permuting the tokens permutes the output),
 * so each token's vector gets a vector that depends on its position: fixed sinusoids (the original
 * Transformer) or a learned table (GPT, BERT).
 */
import { Rng, Tensor } from "../tensor/index.js";
import { QkvError, describeValue, formatShape } from "../tensor/errors.js";
import { Module, type ModuleDType } from "./module.js";
import { checkKeys } from "./options.js";
import { Embedding } from "./embedding.js";
import { Dropout } from "./dropout.js";
import { checkTensorArg } from "../tensor/validate.js";
import { MAX_ELEMENTS } from "../tensor/shape.js";

/**
 * The sinusoidal table of "Attention Is All You Need", (T, C):
 *   PE[pos, 2i] = sin(pos / 10000^(2i/C)),  PE[pos, 2i+1] = cos(pos / 10000^(2i/C)).
 * Each pair of columns is a clock at its own frequency, so a fixed offset is a rotation (a linear map).
 * The angles are computed in float64 and stored as `dtype` (float32 by default).
 */
export function sinusoidalPositionalEncoding(T: number, C: number, dtype: ModuleDType = "float32"): Tensor {
  if (!Number.isInteger(T) || T <= 0 || !Number.isInteger(C) || C <= 0) {
    throw new QkvError(`sinusoidalPositionalEncoding: T and C must be positive integers, got T=${describeValue(T)}, C=${describeValue(C)}`);
  }
  if (T * C > MAX_ELEMENTS) throw new QkvError(`sinusoidalPositionalEncoding: (T=${T}, C=${C}) has ${T * C} elements, more than the ${MAX_ELEMENTS} a tensor can hold`);
  if (dtype !== "float32" && dtype !== "float64") throw new QkvError(`sinusoidalPositionalEncoding: dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
  const data = dtype === "float64" ? new Float64Array(T * C) : new Float32Array(T * C);
  for (let pos = 0; pos < T; pos++) {
    for (let i = 0; 2 * i < C; i++) {
      const angle = pos / Math.pow(10000, (2 * i) / C);
      data[pos * C + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < C) data[pos * C + 2 * i + 1] = Math.cos(angle);
    }
  }
  return new Tensor(data, [T, C]);
}

export interface PositionalEncodingOptions {
  /** Dropout on the sum, as in the paper (0.1 there); 0 by default. */
  dropout?: number;
  /** Needed when dropout > 0 and the layer trains. */
  rng?: Rng | null;
}

/** x + PE[offset : offset + T], then dropout. No parameters: the table is fixed. */
export class PositionalEncoding extends Module {
  readonly dModel: number;
  readonly maxLen: number;
  /** (maxLen, dModel), computed once (again by to(dtype), in that dtype). */
  table: Tensor;
  dropout: Dropout;

  constructor(dModel: number, maxLen: number, opts: PositionalEncodingOptions = {}) {
    super();
    checkKeys("PositionalEncoding", opts, ["dropout", "rng"]);
    this.dModel = dModel;
    this.maxLen = maxLen;
    this.table = sinusoidalPositionalEncoding(maxLen, dModel);
    this.dropout = this.registerModule("dropout", new Dropout(opts.dropout ?? 0, opts.rng));
  }

  /** Recomputes the table in the new dtype (converting the float32 table would keep its rounding). */
  protected applyDtype(dtype: ModuleDType): void {
    if (this.table.dtype !== dtype) this.table = sinusoidalPositionalEncoding(this.maxLen, this.dModel, dtype);
  }

  /** (B, T, C) -> (B, T, C); `offset` is the position of the first token (for incremental decoding). */
  forward(x: Tensor, offset = 0): Tensor {
    checkTensorArg(x, "PositionalEncoding.forward", "x");
    if (!(Number.isInteger(offset) && offset >= 0)) throw new QkvError(`PositionalEncoding.forward: offset must be an integer >= 0, got ${describeValue(offset)}`);
    const T = x.shape[x.ndim - 2];
    if (x.ndim < 2 || x.shape[x.ndim - 1] !== this.dModel) {
      throw new QkvError(`PositionalEncoding: input ${formatShape(x.shape)} must end in (T, ${this.dModel})`);
    }
    if (offset + T > this.maxLen) {
      throw new QkvError(`PositionalEncoding: positions ${offset}..${offset + T - 1} exceed maxLen=${this.maxLen}`);
    }
    return this.dropout.forward(x.add(this.table.slice(0, offset, offset + T))); // (B, T, C) + (T, C)
  }

  protected extraRepr(): string {
    return `dModel=${this.dModel}, maxLen=${this.maxLen}`;
  }
}

/** A learned position table (GPT's wpe, BERT's position_embeddings): position p -> row p. */
export class LearnedPositionalEmbedding extends Embedding {
  constructor(maxLen: number, dModel: number, rng?: Rng | null) {
    super(maxLen, dModel, rng);
  }

  /** The vectors of positions offset .. offset+T-1: (T, C), to add to (B, T, C) token vectors. */
  positions(T: number, offset = 0): Tensor {
    if (offset + T > this.numEmbeddings) {
      throw new QkvError(`LearnedPositionalEmbedding: positions ${offset}..${offset + T - 1} exceed the table's ${this.numEmbeddings} rows`);
    }
    return this.forward(positionIds(T, offset));
  }
}

/** int32 [offset, offset+1, ..., offset+T-1] */
export function positionIds(T: number, offset = 0): Tensor {
  if (!(Number.isInteger(T) && T >= 0 && T <= MAX_ELEMENTS)) throw new QkvError(`positionIds: T must be an integer >= 0, got ${describeValue(T)}`);
  if (!(Number.isInteger(offset) && offset >= 0)) throw new QkvError(`positionIds: offset must be an integer >= 0, got ${describeValue(offset)}`);
  const ids = new Int32Array(T);
  for (let i = 0; i < T; i++) ids[i] = offset + i;
  return new Tensor(ids, [T]);
}
