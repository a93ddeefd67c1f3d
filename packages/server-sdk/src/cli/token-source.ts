import type { WeChatClientOptions } from '../client/types.js';
import { createRedisStore } from '../store/redis.js';
import type { Store } from '../store/types.js';
import { UsageError } from './errors.js';
import type { CliIo } from './io.js';
import type { Flags } from './options.js';

/** Where the CLI's access_token comes from, so that it never competes with the app's servers. */
export interface TokenSource {
  /** Options for the client: the servers' store, or a token given outright. */
  options: Pick<WeChatClientOptions, 'store' | 'tokenProvider'>;
  /** True when no AppSecret is needed (a token was given). */
  tokenGiven: boolean;
  close(): Promise<void>;
}

/**
 * `WXTPL_ACCESS_TOKEN` (a token from your token server, used as it is), or `--redis` /
 * `WXTPL_REDIS_URL` with `--redis-prefix` / `WXTPL_REDIS_PREFIX` (the servers' store: the CLI
 * serves their token and, when it must renew, takes the same lock they do). Neither: the CLI
 * fetches through `stable_token`, which answers it the servers' token anyway.
 */
export function tokenSource(flags: Flags, io: CliIo): TokenSource {
  const token = io.env.WXTPL_ACCESS_TOKEN;
  const redisUrl = nonEmpty(flags.redis) ?? nonEmpty(io.env.WXTPL_REDIS_URL);
  if (token !== undefined && token !== '') {
    if (redisUrl !== undefined) {
      throw new UsageError('give WXTPL_ACCESS_TOKEN or a Redis store, not both', '--redis');
    }
    return {
      options: { tokenProvider: async () => token },
      tokenGiven: true,
      close: async () => {},
    };
  }
  if (redisUrl === undefined) return { options: {}, tokenGiven: false, close: async () => {} };
  const prefix = nonEmpty(flags['redis-prefix']) ?? nonEmpty(io.env.WXTPL_REDIS_PREFIX);
  let store: Store;
  try {
    store = createRedisStore(redisUrl, prefix === undefined ? {} : { prefix });
  } catch (error) {
    throw new UsageError(
      `cannot use the Redis store ${redactUrl(redisUrl)}: ${(error as Error).message}`,
      flags.redis === undefined ? 'WXTPL_REDIS_URL' : '--redis',
    );
  }
  return { options: { store }, tokenGiven: false, close: () => store.close() };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** A Redis URL without its password, for messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
