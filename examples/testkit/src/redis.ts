import { randomUUID } from 'node:crypto';
import { createMemoryStore, createRedisStore } from '@wxtpl/server-sdk';
import { Redis } from 'ioredis';

/**
 * The one setting of the tests' Redis: `WXTPL_TEST_REDIS_URL`. The global setup fills it in
 * (127.0.0.1:6379 when that answers, else a private redis-server of the run), so tests read it
 * here and nowhere else.
 */
export const REDIS_URL_VARIABLE = 'WXTPL_TEST_REDIS_URL';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Every key a test writes starts with this, then the run's id. */
export const TEST_KEY_ROOT = 'wxtpl-test:';

export function testRedisUrl(): string {
  return process.env[REDIS_URL_VARIABLE] || DEFAULT_REDIS_URL;
}

/** Set by the global setup, so that its teardown can sweep the whole run's keys. */
const RUN_VARIABLE = 'WXTPL_TEST_RUN';

/** This test run's id: the global setup's, else one per process. */
export function testRunId(): string {
  const id = process.env[RUN_VARIABLE] || `${Date.now().toString(36)}-${process.pid}`;
  process.env[RUN_VARIABLE] = id;
  return id;
}

/** The prefix of every key of this run: `wxtpl-test:RUN:`. */
export function runPrefix(): string {
  return `${TEST_KEY_ROOT}${testRunId()}:`;
}

/** A key prefix of this run that no other test shares: `wxtpl-test:RUN:LABEL:RANDOM:`. */
export function uniquePrefix(label = 'test'): string {
  return `${runPrefix()}${label}:${randomUUID().slice(0, 8)}:`;
}

/** Deletes every key under `prefix`, found by SCAN (never KEYS, never FLUSH*). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  if (!prefix.startsWith(TEST_KEY_ROOT)) throw new Error(`not a test prefix: ${prefix}`);
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** A client of the tests' Redis; `quit()` or `disconnect()` it when done. */
export function testRedis(): Redis {
  return new Redis(testRedisUrl(), { maxRetriesPerRequest: 2 });
}

/**
 * Keys of one test file or suite: `prefix(label)` hands out unique prefixes, `cleanup()` deletes
 * every key under them and closes the inspecting client.
 */
export interface RedisKeys {
  url: string;
  /** A client for inspection and setup. */
  redis: Redis;
  prefix(label?: string): string;
  cleanup(): Promise<void>;
}

export function redisKeys(scope = 'test', url = testRedisUrl()): RedisKeys {
  const base = uniquePrefix(scope);
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  let next = 0;
  return {
    url,
    redis,
    prefix: (label = 'keys') => `${base}${label}-${next++}:`,
    async cleanup() {
      await deleteKeys(redis, base);
      redis.disconnect();
    },
  };
}

/** An SDK Redis store under a prefix of its own, on a client of its own. */
export interface RedisTestStore {
  store: ReturnType<typeof createRedisStore>;
  /** The store's own client (to count its commands). */
  redis: Redis;
  /** A second client on the same Redis, for inspection. */
  inspector: Redis;
  prefix: string;
  url: string;
  /** Deletes every key under the prefix, closes the store and both clients. */
  close(): Promise<void>;
}

export async function openRedisStore(label = 'store'): Promise<RedisTestStore> {
  const keys = redisKeys(label);
  const redis = new Redis(keys.url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  const prefix = keys.prefix();
  const store = createRedisStore(redis, { prefix });
  return {
    store,
    redis,
    inspector: keys.redis,
    prefix,
    url: keys.url,
    async close() {
      await store.close();
      redis.disconnect();
      await keys.cleanup();
    },
  };
}

/** A store of either kind for tests that run against both, and a cleanup of its keys. */
export interface TestStore {
  store: ReturnType<typeof createMemoryStore> | ReturnType<typeof createRedisStore>;
  /** A second client on the same Redis, for inspection (Redis only). */
  inspector?: Redis;
  cleanup(): Promise<void>;
}

export async function openTestStore(kind: 'memory' | 'redis'): Promise<TestStore> {
  if (kind === 'memory') {
    return {
      store: createMemoryStore({ prefix: uniquePrefix('memory') }),
      cleanup: async () => {},
    };
  }
  const opened = await openRedisStore();
  return { store: opened.store, inspector: opened.inspector, cleanup: opened.close };
}
