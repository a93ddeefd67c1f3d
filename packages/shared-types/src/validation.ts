/** One precise problem found in untrusted input. */
export interface ValidationIssue {
  /** JSON path of the offending value, e.g. `items[3].createdAt`; `` for the root. */
  path: string;
  /** Machine-readable code, stable across versions. */
  code: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Reads an own property only: `__proto__` or `constructor` keys never reach the prototype chain. */
export function ownProperty(obj: Record<string, unknown>, key: string): unknown {
  // Not Object.hasOwn (ES2022): this runs inside mini-programs on older WeChat clients too.
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
