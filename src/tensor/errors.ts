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
