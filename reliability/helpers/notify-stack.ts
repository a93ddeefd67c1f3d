import {
  createRedisStore,
  FormIdPool,
  Notifier,
  type RedisStore,
  type Store,
  WeChatClient,
  type WeChatClientOptions,
} from '@wxtpl/server-sdk';
import {
  addPurchaseTemplate,
  type EmulatorProcess,
  type PrivateRedis,
  type PurchaseTemplate,
  startEmulatorProcess,
  startPrivateRedis,
} from '@wxtpl/testkit';
import { Redis } from 'ioredis';

/**
 * What the Redis fault tests break: a redis-server of their own, the emulator as its CLI with
 * 购买成功通知, and an app's SDK objects on a store of that server, as an app configured with a
 * Redis URL creates them.
 */
export interface NotifyStack {
  redis: PrivateRedis;
  emulator: EmulatorProcess;
  template: PurchaseTemplate;
  store: RedisStore;
  /** The store's connection, when the stack handed it one. */
  connection: Redis | undefined;
  client: WeChatClient;
  pool: FormIdPool;
  notifier: Notifier;
  close(): Promise<void>;
}

export async function startNotifyStack(options: {
  /** AOF with fsync before every reply: a crash loses nothing acknowledged. */
  persistent: boolean;
  prefix: string;
  retry?: WeChatClientOptions['retry'];
  /** Hand the store a connection (no resent commands), so a test can watch it reconnect. */
  handConnection?: boolean;
}): Promise<NotifyStack> {
  const redis = await startPrivateRedis({ persistent: options.persistent });
  const { emulator, template } = await startPurchaseEmulator();
  const connection = options.handConnection
    ? new Redis(redis.url, { maxRetriesPerRequest: 0 })
    : undefined;
  connection?.on('error', () => {});
  const store = createRedisStore(connection ?? redis.url, { prefix: options.prefix });
  const { client, pool, notifier } = appSdk(emulator, store, options.retry);
  return {
    redis,
    emulator,
    template,
    store,
    connection,
    client,
    pool,
    notifier,
    async close() {
      await client.close();
      await store.close();
      connection?.disconnect();
      await redis.stop();
      await emulator.close();
    },
  };
}

/** The emulator as its CLI, with 购买成功通知 composed in its app. */
export async function startPurchaseEmulator(): Promise<{
  emulator: EmulatorProcess;
  template: PurchaseTemplate;
}> {
  const emulator = await startEmulatorProcess();
  return { emulator, template: await addPurchaseTemplate(emulator.control, emulator.appId) };
}

/** The emulator's app's SDK objects on `store`, as an app configured with that store creates them. */
export function appSdk(
  emulator: EmulatorProcess,
  store: Store,
  retry?: WeChatClientOptions['retry'],
): { client: WeChatClient; pool: FormIdPool; notifier: Notifier } {
  const client = new WeChatClient({
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
    store,
    ...(retry ? { retry } : {}),
  });
  const pool = new FormIdPool({ store, appId: emulator.appId });
  return { client, pool, notifier: new Notifier({ client, pool }) };
}
