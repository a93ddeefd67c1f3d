import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@wxtpl/shared-types';
import { Redis } from 'ioredis';
import { RedisCredits } from './redis-credits.js';
import type { RedisStore } from './types.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Added in front of every key; default `wxtpl:`. */
  prefix?: string;
}

// Deletes KEYS[1] only while it holds ARGV[1]: releasing a lock or expiring a token never removes
// a value another process wrote in the meantime.
const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
const COMPARE_AND_DELETE_SHA = createHash('sha1').update(COMPARE_AND_DELETE).digest('hex');

/**
 * A store in Redis, shared by every process that points at the same server and prefix.
 * Pass a URL (the store opens and later closes its own connection) or an ioredis client (the
 * store uses it and never closes it).
 */
export function createRedisStore(
  urlOrClient: string | Redis,
  options: RedisStoreOptions = {},
): RedisStore {
  const prefix = options.prefix ?? 'wxtpl:';
  const owned = typeof urlOrClient === 'string';
  if (!owned && !(urlOrClient instanceof Redis) && !looksLikeRedis(urlOrClient)) {
    throw new InvalidArgumentError(
      'createRedisStore expects a redis:// URL or an ioredis client',
      'urlOrClient',
    );
  }
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
    // The first {…} of a key is its Cluster hash tag: the prefix must not bring its own.
    throw new InvalidArgumentError('prefix must be a string without { or }', 'prefix');
  }
  // No retries per request: when the connection drops, commands still awaiting a reply fail at
  // once instead of being sent again after the reconnect. A resent script that had already run
  // would run twice (a take spending a second use nobody holds, a give-back restoring two).
  // Commands issued while disconnected fail at the next failed reconnect attempt: fast, typed
  // failures (CreditStoreError, AccessTokenError) instead of silent repeats.
  const redis = owned ? new Redis(urlOrClient, { maxRetriesPerRequest: 0 }) : urlOrClient;
  // Connection errors of our own client surface as rejected commands; without a listener ioredis
  // would also print each reconnection failure.
  if (owned) redis.on('error', () => {});

  const compareAndDelete = async (key: string, expected: string): Promise<number> => {
    try {
      return (await redis.evalsha(COMPARE_AND_DELETE_SHA, 1, key, expected)) as number;
    } catch (error) {
      if (!String((error as Error)?.message).includes('NOSCRIPT')) throw error;
      return (await redis.eval(COMPARE_AND_DELETE, 1, key, expected)) as number;
    }
  };

  return {
    prefix,
    credits: new RedisCredits(redis, prefix),
    async get(key) {
      return redis.get(prefix + key);
    },
    async set(key, value, ttlMs) {
      if (ttlMs === undefined) await redis.set(prefix + key, value);
      else await redis.set(prefix + key, value, 'PX', toPx(ttlMs));
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await redis.set(prefix + key, value, 'PX', toPx(ttlMs), 'NX')) === 'OK';
    },
    async compareAndDelete(key, expected) {
      return (await compareAndDelete(prefix + key, expected)) === 1;
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
    async close() {
      if (!owned || redis.status === 'end') return;
      const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
      if (redis.status === 'ready') {
        try {
          await redis.quit();
        } catch {
          redis.disconnect();
        }
      } else {
        redis.disconnect();
      }
      // Between reconnection attempts there is no socket: disconnect() just cancels the next
      // attempt and no 'end' event follows.
      const status: string = redis.status;
      if (status !== 'end' && status !== 'reconnecting') await ended;
    },
  };
}

function toPx(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new InvalidArgumentError(
      `ttlMs must be a positive finite number of milliseconds, got ${ttlMs}`,
      'ttlMs',
    );
  }
  return Math.max(1, Math.ceil(ttlMs));
}

// Accepts clients from another copy of ioredis (a different instanceof identity).
function looksLikeRedis(value: unknown): value is Redis {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Redis).evalsha === 'function' &&
    typeof (value as Redis).set === 'function'
  );
}
