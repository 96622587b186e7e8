/**
 * QkvError: the one error type of the library. Its message names the operation, the shapes or values
 * involved and the rule that was broken, e.g. `matmul: (2,3) x (4,5): inner dimensions 3 != 4`,
 * so a student sees what went wrong without reading a stack trace.
 */
export class QkvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QkvError";
  }
}

/** Throws a QkvError when `condition` is false. The message is built lazily: checks stay cheap. */
export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new QkvError(message());
}

/** `[2, 3]` -> `"(2,3)"`; a scalar's shape `[]` -> `"()"`. */
export function formatShape(shape: readonly number[]): string {
  return `(${shape.join(",")})`;
}

/**
 * Throws unless every named value is a positive integer (sizes, counts, config fields), naming the first
 * one that is not: `Linear: inFeatures must be a positive integer, got 0`.
 */
export function checkPositiveIntegers<K extends string>(
  who: string,
  values: { readonly [key in K]: unknown },
  names: readonly K[] = Object.keys(values) as K[],
): void {
  for (const name of names) {
    const v = values[name];
    check(Number.isInteger(v) && (v as number) > 0, () => `${who}: ${name} must be a positive integer, got ${String(v)}`);
  }
}

/**
 * A short description of any value for an error message, saying what a student passed:
 * `1.5`, `"abc"`, `undefined`, `[1,2,3] (an array)`, `a Float32Array of length 4`,
 * `a Tensor of shape (2,3) and dtype float32`, `a function`, `an object {lr, eps}`.
 * Never throws (an error message must not fail while being built).
 */
export function describeValue(v: unknown): string {
  try {
    if (v === null) return "null";
    if (v === undefined) return "undefined";
    if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
    if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
    if (typeof v === "boolean" || typeof v === "bigint") return `${String(v)}${typeof v === "bigint" ? "n" : ""}`;
    if (typeof v === "function") return "a function";
    if (typeof v === "symbol") return "a symbol";
    if (Array.isArray(v)) {
      const short = v.length <= 8 && v.every((x) => typeof x === "number" || typeof x === "boolean" || typeof x === "string");
      return short ? `[${v.map((x) => (typeof x === "string" ? JSON.stringify(x) : String(x))).join(",")}] (an array)` : `an array of length ${v.length}`;
    }
    if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${(v as unknown as { length?: number }).length ?? v.byteLength}`;
    if (v instanceof ArrayBuffer) return `an ArrayBuffer of ${v.byteLength} bytes`;
    const o = v as { shape?: unknown; dtype?: unknown; data?: unknown };
    if (Array.isArray(o.shape) && typeof o.dtype === "string" && o.data !== undefined) {
      return `a Tensor of shape ${formatShape(o.shape as number[])} and dtype ${o.dtype}`;
    }
    const it = v as { next?: unknown; [Symbol.iterator]?: unknown };
    if (typeof it.next === "function" && typeof it[Symbol.iterator] === "function") return "an iterator (such as a generator)";
    const name = (v as object).constructor?.name;
    if (name && name !== "Object") return `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`;
    const keys = Object.keys(v as object);
    return keys.length === 0 ? "an empty object {}" : `an object {${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", ..." : ""}}`;
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** Throws unless `v` is a finite number satisfying `ok`; `allowed` says what is allowed ("> 0", "in [0, 1)"). */
export function checkNumber(who: string, name: string, v: unknown, ok: (x: number) => boolean, allowed: string): asserts v is number {
  check(
    typeof v === "number" && Number.isFinite(v) && ok(v),
    () => `${who}: ${name} must be a number ${allowed}, got ${describeValue(v)}`,
  );
}

/** Throws unless `v` is an integer >= min (and <= max when given). */
export function checkInteger(who: string, name: string, v: unknown, min = -Infinity, max = Infinity): asserts v is number {
  const range =
    min === -Infinity && max === Infinity ? "" : max === Infinity ? ` >= ${min}` : min === -Infinity ? ` <= ${max}` : ` in ${min}..${max}`;
  check(
    typeof v === "number" && Number.isInteger(v) && v >= min && v <= max,
    () => `${who}: ${name} must be an integer${range}, got ${describeValue(v)}`,
  );
}

/** Throws unless `v` is a plain options object (or undefined, meaning none). */
export function checkOptionsObject(who: string, name: string, v: unknown): void {
  check(
    v === undefined || (typeof v === "object" && v !== null && !Array.isArray(v)),
    () => `${who}: ${name} must be an options object { ... }, got ${describeValue(v)}`,
  );
}
