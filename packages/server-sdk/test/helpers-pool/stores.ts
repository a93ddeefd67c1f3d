import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  createMemoryStore,
  createRedisStore,
  type MemoryStore,
  type RedisStore,
} from '../../src/store/index.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses. */
export function uniquePrefix(): string {
  return `wxtpl-test:${process.pid}:${randomUUID()}:`;
}

/** A store of the given kind, and a cleanup that deletes every key it wrote. */
export interface TestStore {
  store: RedisStore | MemoryStore;
  /** A second client on the same Redis, for inspection (Redis only). */
  inspector?: Redis;
  cleanup(): Promise<void>;
}

export async function openTestStore(kind: 'memory' | 'redis'): Promise<TestStore> {
  if (kind === 'memory') {
    return { store: createMemoryStore({ prefix: uniquePrefix() }), cleanup: async () => {} };
  }
  const prefix = uniquePrefix();
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await client.connect();
  const inspector = new Redis(REDIS_URL);
  const store = createRedisStore(client, { prefix });
  return {
    store,
    inspector,
    async cleanup() {
      await deleteKeys(inspector, prefix);
      await store.close();
      client.disconnect();
      inspector.disconnect();
    },
  };
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2026, 10, 26, 12)): {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
} {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}
