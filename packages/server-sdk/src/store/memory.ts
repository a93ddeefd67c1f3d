import { InvalidArgumentError } from '@wxtpl/shared-types';
import { MemoryCredits } from './memory-credits.js';
import type { MemoryStore } from './types.js';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Added in front of every key; default `wxtpl:`. */
  prefix?: string;
  /** Clock in epoch milliseconds; inject one in tests to move time without waiting. */
  now?: () => number;
}

interface Entry {
  value: string;
  /** Epoch ms after which the entry is gone; `Infinity` when it never expires. */
  expiresAt: number;
}

/** Expired entries are swept after this many writes, so a busy store never grows unbounded. */
const SWEEP_EVERY_WRITES = 1000;

/**
 * A store that lives in this process only: for a single-process server, development and tests.
 * TTLs follow the injected clock, so expiry is testable with a virtual clock.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const prefix = options.prefix ?? 'wxtpl:';
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let writes = 0;

  const read = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const write = (key: string, value: string, ttlMs: number | undefined): void => {
    if (ttlMs !== undefined) assertTtl(ttlMs);
    entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : now() + ttlMs });
    if (++writes % SWEEP_EVERY_WRITES === 0) sweep();
  };

  const sweep = (): void => {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  };

  const credits = new MemoryCredits();

  return {
    prefix,
    credits,
    async get(key) {
      return read(prefix + key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      write(prefix + key, value, ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      assertTtl(ttlMs);
      if (read(prefix + key) !== undefined) return false;
      write(prefix + key, value, ttlMs);
      return true;
    },
    async compareAndDelete(key, expected) {
      const entry = read(prefix + key);
      if (entry === undefined || entry.value !== expected) return false;
      entries.delete(prefix + key);
      return true;
    },
    async delete(key) {
      entries.delete(prefix + key);
    },
    async increment(key, windowMs) {
      const entry = read(prefix + key);
      const count = (entry === undefined ? 0 : Number(entry.value)) + 1;
      if (entry === undefined) write(prefix + key, '1', windowMs);
      else entry.value = String(count);
      return count;
    },
    async close() {
      entries.clear();
    },
  };
}

function assertTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new InvalidArgumentError(
      `ttlMs must be a positive finite number of milliseconds, got ${ttlMs}`,
      'ttlMs',
    );
  }
}
