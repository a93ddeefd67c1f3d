import {
  CreditPool,
  createRedisStore,
  Notifier,
  type RetryOptions,
  WeChatClient,
} from '@wxtpl/server-sdk';
import { builtPackage, uniquePrefix } from '@wxtpl/testkit';
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

/**
 * The config of a campaign worker process (testkit's startCampaignWorker) serving the stack's app
 * under its prefix: the built SDK, 16 sends at a time, batches of 100, memory reported.
 */
export function campaignWorkerConfig(
  ctx: BenchContext,
  app: BenchApp,
  prefix: string,
  retry?: RetryOptions,
) {
  return {
    sdkUrl: builtPackage('server-sdk').indexUrl,
    redisUrl: ctx.redis.url,
    prefix,
    appId: app.appId,
    appSecret: app.appSecret,
    baseUrl: ctx.emulator.url,
    ...(retry === undefined ? {} : { retry }),
    concurrency: 16,
    batchSize: 100,
    reportMemory: true,
  };
}
