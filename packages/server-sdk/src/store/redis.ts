import { InvalidArgumentError } from '@wxtpl/shared-types';
import { Deadlines, type Timed } from '../timing/deadlines.js';
import {
  connect,
  isRedisClient,
  type RedisClientLike,
  type RedisCommands,
} from './redis-client.js';
import { RedisCredits } from './redis-credits.js';
import type { RedisStore } from './types.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Added in front of every key; default `wxtpl:`. No `{` or `}` (they would be a hash tag). */
  prefix?: string;
  /**
   * Longest wait for any one command, in milliseconds; default 2000. A frozen or unreachable
   * Redis then fails the call (typed, by the pool or the token owner) instead of holding it.
   */
  commandTimeoutMs?: number;
}

/** A store command that took longer than `commandTimeoutMs`; it may still run later. */
export class StoreTimeoutError extends Error {
  override name = 'StoreTimeoutError';
}

// Deletes KEYS[1] only while it holds ARGV[1]: releasing a lock or expiring a token never removes
// a value another process wrote in the meantime.
const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;
// INCR, with the window's expiry set by the first event only.
const INCREMENT = `local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n`;

/**
 * A store in Redis — one server, or a Cluster — shared by every process that points at the same
 * Redis and prefix. Pass a URL (the store opens and later closes its own connection, with the
 * app's `ioredis`, an optional peer dependency) or an ioredis 5 or 6 `Redis` or `Cluster` client
 * (the store uses it and never closes it).
 *
 * Every command is bounded by `commandTimeoutMs`. Every credit operation is idempotent (takes and
 * give-backs are keyed by a take id), so a client that resends commands after a reconnection
 * (ioredis' default) spends nothing twice.
 */
export function createRedisStore(
  urlOrClient: string | RedisClientLike,
  options: RedisStoreOptions = {},
): RedisStore {
  const prefix = options.prefix ?? 'wxtpl:';
  const timeoutMs = options.commandTimeoutMs ?? 2000;
  const owned = typeof urlOrClient === 'string';
  if (!owned && !isRedisClient(urlOrClient)) {
    throw new InvalidArgumentError(
      'createRedisStore expects a redis:// URL or an ioredis Redis or Cluster client',
      'urlOrClient',
    );
  }
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
    // The first {…} of a key is its Cluster hash tag: the prefix must not bring its own.
    throw new InvalidArgumentError('prefix must be a string without { or }', 'prefix');
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new InvalidArgumentError(
      'commandTimeoutMs must be a positive number of milliseconds',
      'commandTimeoutMs',
    );
  }
  const redis = owned ? connect(urlOrClient) : (urlOrClient as unknown as RedisCommands);
  redis.defineCommand('wxtplCompareAndDelete', { numberOfKeys: 1, lua: COMPARE_AND_DELETE });
  redis.defineCommand('wxtplIncrement', { numberOfKeys: 1, lua: INCREMENT });
  const commands = redis as unknown as {
    wxtplCompareAndDelete(key: string, expected: string): Promise<number>;
    wxtplIncrement(key: string, windowMs: number): Promise<number>;
  };

  const bounded = boundedBy(timeoutMs);

  return {
    prefix,
    credits: new RedisCredits(redis, prefix, bounded),
    async get(key) {
      return bounded(redis.get(prefix + key));
    },
    async set(key, value, ttlMs) {
      if (ttlMs === undefined) await bounded(redis.set(prefix + key, value));
      else await bounded(redis.set(prefix + key, value, 'PX', toPx(ttlMs)));
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await bounded(redis.set(prefix + key, value, 'PX', toPx(ttlMs), 'NX'))) === 'OK';
    },
    async compareAndDelete(key, expected) {
      return (await bounded(commands.wxtplCompareAndDelete(prefix + key, expected))) === 1;
    },
    async delete(key) {
      await bounded(redis.del(prefix + key));
    },
    async increment(key, windowMs) {
      return Number(await bounded(commands.wxtplIncrement(prefix + key, toPx(windowMs))));
    },
    async close() {
      if (!owned || redis.status === 'end') return;
      const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
      if (redis.status === 'ready') {
        try {
          await bounded(redis.quit());
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

/** A command waiting for its answer: its place in the {@link Deadlines} list and its rejection. */
interface Wait extends Timed {
  readonly reject: (error: unknown) => void;
}

/**
 * Bounds commands to `timeoutMs` each with one timer for them all (a {@link Deadlines} list), not
 * a timer armed and cleared per command: that cost every notify. The timer holds the process while
 * commands wait, as a timer per command did.
 */
function boundedBy(timeoutMs: number): <T>(command: Promise<T>) => Promise<T> {
  const deadlines = new Deadlines(
    timeoutMs,
    (wait) =>
      (wait as Wait).reject(new StoreTimeoutError(`Redis did not answer within ${timeoutMs} ms`)),
    { holdsProcess: true },
  );
  return <T>(command: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const wait: Wait = {
        deadline: 0,
        previous: undefined,
        next: undefined,
        list: undefined,
        reject,
      };
      deadlines.add(wait);
      command.then(
        (value) => {
          deadlines.remove(wait);
          resolve(value);
        },
        (error: unknown) => {
          deadlines.remove(wait);
          reject(error);
        },
      );
    });
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
