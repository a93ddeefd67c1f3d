import type { Redis } from 'ioredis';

/**
 * Where the SDK keeps shared state: access tokens, locks and send credits. One store may be shared
 * by several apps (every key carries the appId) and, for Redis, by several processes.
 *
 * Keys passed in are relative; the store adds its own `prefix`.
 */
interface StoreBase {
  /** Added in front of every key, e.g. `wxtpl:`; lets test runs and tenants share one Redis. */
  readonly prefix: string;
  get(key: string): Promise<string | null>;
  /** Sets a value, with an optional time to live in milliseconds. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** `SET NX PX`: true when the key was absent and is now set (a lock taken). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only while it still holds `expected`; true when it did. */
  compareAndDelete(key: string, expected: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Releases connections the store opened itself (never a client it was handed). */
  close(): Promise<void>;
}

export interface MemoryStore extends StoreBase {
  readonly kind: 'memory';
}

export interface RedisStore extends StoreBase {
  readonly kind: 'redis';
  /** The ioredis client, for components (the formId pool) that run their own scripts. */
  readonly redis: Redis;
}

export type Store = MemoryStore | RedisStore;
