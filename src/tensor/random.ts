/**
 * Seeded randomness. Every random draw in qkv takes an Rng, so a seed fixes every result.
 *
 * The generator is mulberry32 (32-bit state, one multiply-xorshift mixing step per draw): tiny, fast
 * and written entirely with 32-bit integer operations (Math.imul, >>>), so it produces the same
 * numbers on every machine. Normal draws use the Box–Muller transform in float64; V8 computes
 * Math.log/sqrt/cos/sin with its own bundled implementations (not the OS's libm), so the bytes
 * are the same on every OS that runs Node. A test pins the bytes with a sha256 hash.
 */
import { Tensor } from "./tensor.js";
import { type DType, allocate, isFloat } from "./dtype.js";
import { check, describeValue } from "./errors.js";
import { checkShape, sizeOf } from "./shape.js";
import type { TensorOptions } from "./create.js";

export class Rng {
  private state: number;
  /** Box–Muller makes normals in pairs; the second one waits here. */
  private spareNormal: number | null = null;

  /**
   * `seed` is an integer in 0..2^32 − 1, the generator's whole state: every seed gives its own stream.
   * Anything else is an error rather than a silent alias (1.5 and 2^32 + 1 would both be seed 1).
   */
  constructor(seed: number) {
    check(
      typeof seed === "number" && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff,
      () => `Rng: seed must be an integer in 0..4294967295 (2^32 - 1), got ${describeValue(seed)}`,
    );
    this.state = seed;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1) (multiples of 2^-32). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A standard normal draw (mean 0, variance 1). */
  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    const u1 = 1 - this.next(); // in (0, 1], so the log is finite
    const u2 = this.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** A uniform integer in [lo, hi). */
  int(lo: number, hi: number): number {
    check(Number.isInteger(lo) && Number.isInteger(hi) && lo < hi, () => `Rng.int: needs integers lo < hi, got lo=${lo}, hi=${hi}`);
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T>(a: T[]): T[] {
    check(Array.isArray(a), () => `Rng.shuffle: needs an array (shuffled in place), got ${describeValue(a)}`);
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    return a;
  }

  /** A new, independent generator seeded from this one (e.g. one for data order, one for dropout). */
  fork(): Rng {
    return new Rng((this.nextUint32() ^ 0x9e3779b9) >>> 0);
  }
}

function checkRng(rng: unknown, op: string): void {
  check(rng instanceof Rng, () => `${op}: needs an Rng as random source (argument rng, e.g. new Rng(42)), got ${describeValue(rng)}`);
}

function floatDType(opts: TensorOptions, op: string): DType {
  const dtype = opts.dtype ?? "float32";
  check(isFloat(dtype), () => `${op}: dtype must be float32 or float64, got ${dtype}`);
  return dtype;
}

/** Uniform values in [0, 1). */
export function rand(shape: number[], rng: Rng, opts: TensorOptions = {}): Tensor {
  checkShape(shape, "rand");
  checkRng(rng, "rand");
  const data = allocate(floatDType(opts, "rand"), sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.next();
  return new Tensor(data, [...shape], opts.requiresGrad ?? false);
}

/** Standard normal values (mean 0, variance 1). */
export function randn(shape: number[], rng: Rng, opts: TensorOptions = {}): Tensor {
  checkShape(shape, "randn");
  checkRng(rng, "randn");
  const data = allocate(floatDType(opts, "randn"), sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return new Tensor(data, [...shape], opts.requiresGrad ?? false);
}

/** Uniform integers in [low, high), as an int32 tensor. */
export function randint(low: number, high: number, shape: number[], rng: Rng): Tensor {
  checkShape(shape, "randint");
  checkRng(rng, "randint");
  check(
    Number.isInteger(low) && Number.isInteger(high) && low < high,
    () => `randint: needs integers low < high, got low=${low}, high=${high}`,
  );
  const data = allocate("int32", sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.int(low, high);
  return new Tensor(data, [...shape]);
}
