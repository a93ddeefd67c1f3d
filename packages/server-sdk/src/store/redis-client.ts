import { createRequire } from 'node:module';
import { InvalidArgumentError } from '@wxtpl/shared-types';

/**
 * An ioredis client — version 5 or 6, one server (`Redis`) or a `Cluster` — described by the
 * methods the store calls, so that the SDK's types never pin an ioredis version and apps that use
 * the memory store need no ioredis at all.
 */
export interface RedisClientLike {
  readonly status: string;
  defineCommand(...args: never[]): unknown;
  get(...args: never[]): Promise<unknown>;
  set(...args: never[]): Promise<unknown>;
  quit(...args: never[]): Promise<unknown>;
  disconnect(...args: never[]): unknown;
  once(...args: never[]): unknown;
}

/** What the store calls on a client, typed for its own use. */
export interface RedisCommands {
  readonly status: string;
  /** ioredis: false for one server, true for a Cluster (anything else is taken as a Cluster). */
  readonly isCluster?: boolean;
  defineCommand(name: string, definition: { lua: string; numberOfKeys?: number }): void;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ...options: (string | number)[]): Promise<string | null>;
  del(...keys: string[]): Promise<number>;
  zadd(key: string, score: number, member: string): Promise<unknown>;
  zrem(key: string, member: string): Promise<unknown>;
  hexists(key: string, field: string): Promise<number>;
  zscan(key: string, cursor: string, ...options: (string | number)[]): Promise<[string, string[]]>;
  zrangebylex(
    key: string,
    min: string,
    max: string,
    ...options: (string | number)[]
  ): Promise<string[]>;
  hkeys(key: string): Promise<string[]>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  once(event: string, listener: (...args: unknown[]) => void): unknown;
}

export function isRedisClient(value: unknown): value is RedisClientLike {
  if (typeof value !== 'object' || value === null) return false;
  const client = value as Record<string, unknown>;
  return ['defineCommand', 'get', 'set', 'zadd', 'zscan', 'zrangebylex', 'hkeys', 'quit'].every(
    (name) => typeof client[name] === 'function',
  );
}

/**
 * A connection of the store's own, from the app's ioredis (an optional peer dependency, loaded
 * only here): it fails fast while Redis is away instead of queueing commands for later.
 */
export function connect(url: string): RedisCommands {
  let ioredis: { Redis?: unknown; default?: unknown };
  try {
    ioredis = createRequire(import.meta.url)('ioredis');
  } catch {
    throw new InvalidArgumentError(
      'createRedisStore(url) needs the ioredis package (5 or 6): npm install ioredis',
      'urlOrClient',
    );
  }
  const Redis = (ioredis.Redis ?? ioredis.default ?? ioredis) as new (
    url: string,
    options: object,
  ) => RedisCommands;
  const redis = new Redis(url, { maxRetriesPerRequest: 0 });
  // Connection errors surface as rejected commands; without a listener ioredis would also print
  // each reconnection failure.
  redis.on('error', () => {});
  return redis;
}
