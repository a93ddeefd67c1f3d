import { InvalidArgumentError } from '@wxtpl/shared-types';
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

/** A command waiting for its answer, in the list of {@link boundedBy}. */
interface Wait {
  readonly deadline: number;
  readonly reject: (error: unknown) => void;
  prev: Wait | undefined;
  next: Wait | undefined;
}

/**
 * Bounds commands to `timeoutMs` each with one timer for them all, not one per command (a timer
 * armed and cleared per command costs every notify). Every wait has the same length, so deadlines
 * come in the order commands are sent: the waits form a list, oldest first, each unlinked as its
 * answer arrives, and the timer is armed for the oldest one's deadline. When it fires it rejects
 * every wait past its deadline and re-arms for the oldest left.
 */
function boundedBy(timeoutMs: number): <T>(command: Promise<T>) => Promise<T> {
  let oldest: Wait | undefined;
  let newest: Wait | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor = 0;

  const link = (wait: Wait): void => {
    wait.prev = newest;
    if (newest === undefined) oldest = wait;
    else newest.next = wait;
    newest = wait;
  };
  // A no-op for a wait unlinked already (timed out).
  const unlink = (wait: Wait): void => {
    if (wait.prev === undefined) {
      if (oldest !== wait) return;
      oldest = wait.next;
    } else {
      wait.prev.next = wait.next;
    }
    if (wait.next === undefined) newest = wait.prev;
    else wait.next.prev = wait.prev;
    wait.prev = undefined;
    wait.next = undefined;
    // Nothing waits: the armed timer must not hold the process open (it fires, finds none, stops).
    if (oldest === undefined) timer?.unref();
  };
  const arm = (deadline: number, now: number): void => {
    armedFor = deadline;
    timer = setTimeout(expire, Math.max(1, Math.ceil(deadline - now)));
  };
  function expire(): void {
    timer = undefined;
    const now = performance.now();
    const error = new StoreTimeoutError(`Redis did not answer within ${timeoutMs} ms`);
    while (oldest !== undefined && oldest.deadline <= now) {
      const wait = oldest;
      unlink(wait);
      wait.reject(error);
    }
    if (oldest !== undefined) arm(oldest.deadline, now);
  }

  return <T>(command: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const now = performance.now();
      const wait: Wait = { deadline: now + timeoutMs, reject, prev: undefined, next: undefined };
      link(wait);
      // An armed timer fires no later than this deadline (the deadlines only grow): it re-arms
      // for the oldest wait left when it fires.
      if (timer === undefined) arm(wait.deadline, now);
      else if (armedFor > wait.deadline) {
        clearTimeout(timer);
        arm(wait.deadline, now);
      } else if (oldest === wait) timer.ref();
      command.then(
        (value) => {
          unlink(wait);
          resolve(value);
        },
        (error: unknown) => {
          unlink(wait);
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
