/**
 * What a send works out from a definition alone (its keywords' kinds, their data paths), once per
 * definition instead of on every message. Only a frozen object is remembered — `defineTemplate`
 * and `defineSubscribeTemplate` freeze what they return — since one that may still change must be
 * read afresh on every call.
 */
export function remembered<K extends object, V>(
  cache: WeakMap<K, V>,
  key: K,
  frozen: boolean,
  compute: () => V,
): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const value = compute();
  if (frozen) cache.set(key, value);
  return value;
}
