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
  // Not Object.hasOwn (ES2022, iOS 15.4): the collector on the phone reads answers with this,
  // from miniprogram_dist and from the npm entry that Taro and uni-app bundle.
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is missing on older WeChat clients
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
