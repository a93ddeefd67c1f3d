import fc from 'fast-check';

/** A seeded source of randomness: the same seed replays the same traffic. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a key by weight. */
  weighted<K extends string>(weights: Record<K, number>): K;
  hex(length: number): string;
  /** A random JSON value (fast-check's `jsonValue`), from a pool sampled with this seed. */
  json(): unknown;
  /** A random string of any Unicode (fast-check), from a pool sampled with this seed. */
  text(): string;
}

export function seededRandom(seed: number): Random {
  // mulberry32
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const jsonValues = fc.sample(fc.jsonValue({ maxDepth: 4 }), { seed, numRuns: 2000 });
  const texts = fc.sample(fc.string({ unit: 'grapheme', maxLength: 40 }), {
    seed: seed + 1,
    numRuns: 2000,
  });
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    weighted(weights) {
      const entries = Object.entries(weights) as [keyof typeof weights, number][];
      let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, weight] of entries) {
        roll -= weight;
        if (roll < 0) return key;
      }
      return (entries.at(-1) as [keyof typeof weights, number])[0];
    },
    hex: (length) => Array.from({ length }, () => int(0, 15).toString(16)).join(''),
    json: () => pick(jsonValues),
    text: () => pick(texts),
  };
}
