/**
 * What a send works out from a definition alone (its keywords' kinds, their data paths), once per
 * definition instead of on every message. Only a frozen object is remembered — `defineTemplate`
 * and `defineSubscribeTemplate` freeze what they return — since one that may still change must be
 * read afresh on every call.
 */
export function remembered<K extends object, V>(
  cache: WeakMap<K, V>,
  key: K,
  /** Whether `key` can no longer change; asked only when the value is not known yet. */
  frozen: (key: K) => boolean,
  /** A function of `key` alone (not a closure made on every call: this runs on every send). */
  compute: (key: K) => V,
): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const isFrozen = frozen(key);
  const value = compute(key);
  if (isFrozen) cache.set(key, value);
  return value;
}
