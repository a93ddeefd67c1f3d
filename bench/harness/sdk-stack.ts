import {
  CreditPool,
  createRedisStore,
  Notifier,
  type RetryOptions,
  WeChatClient,
} from '@wxtpl/server-sdk';
import { uniquePrefix } from '@wxtpl/testkit';
import type { BenchContext } from './context.js';
import type { BenchApp } from './fixtures.js';

/** The SDK as a server runs it for `app`: a Redis store under a prefix of its own, the client, pool and Notifier. */
export function redisSdkStack(
  ctx: BenchContext,
  app: BenchApp,
  label: string,
  retry?: RetryOptions,
) {
  const prefix = uniquePrefix(label);
  const store = createRedisStore(ctx.redis.url, { prefix });
  const client = new WeChatClient({
    appId: app.appId,
    appSecret: app.appSecret,
    baseUrl: ctx.emulator.url,
    store,
    ...(retry === undefined ? {} : { retry }),
  });
  const pool = new CreditPool({ store, appId: app.appId });
  const notifier = new Notifier({ client, pool });
  return { prefix, store, client, pool, notifier };
}
