import { setTimeout as sleep } from 'node:timers/promises';
import {
  type CampaignStatus,
  Campaigns,
  CreditPool,
  createRedisStore,
  defineSubscribeTemplate,
  Notifier,
  WeChatClient,
} from '@wxtpl/server-sdk';
import {
  builtPackage,
  type EmulatorProcess,
  type PrivateRedis,
  startCampaignWorker,
  startEmulatorProcess,
  startPrivateRedis,
  uniquePrefix,
  type WorkerProcess,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const USERS = 20_000;
const RATE_USERS = 15_500;
const RATE = 500;
const DATA = { product: '开播提醒', amount: '¥0.00', paidAt: '2026-11-30 20:00' };
const FAST = { retries: 2, minDelayMs: 5, maxDelayMs: 50 };

describe('campaigns through worker crashes and a Redis restart', () => {
  let redis: PrivateRedis;
  let emulator: EmulatorProcess;
  let store: ReturnType<typeof createRedisStore>;
  let client: WeChatClient;
  let pool: CreditPool;
  let campaigns: Campaigns;
  const prefix = uniquePrefix('campaigns');
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    // Persistent (AOF, fsync before every reply): a restart keeps what was acknowledged.
    redis = await startPrivateRedis({ persistent: true });
    emulator = await startEmulatorProcess();
    store = createRedisStore(redis.url, { prefix });
    client = new WeChatClient({
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      baseUrl: emulator.url,
      store,
      retry: FAST,
    });
    pool = new CreditPool({ store, appId: emulator.appId });
    campaigns = new Campaigns({
      redis: redis.url,
      pool,
      notifier: new Notifier({ client, pool }),
      prefix,
    });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await campaigns?.close();
    await client?.close();
    await store?.close();
    await redis?.stop();
    await emulator?.close();
  });

  const template = async () => {
    const priTmplId = await emulator.control.addSubscribeTemplate({
      appId: emulator.appId,
      tid: 99,
      kidList: [1, 2, 3],
    });
    return defineSubscribeTemplate({
      id: priTmplId,
      title: '订单支付成功通知',
      keywords: { product: 'thing1', amount: 'amount2', paidAt: 'time3' },
    });
  };

  /** Users holding one acceptance each, in WeChat and in the pool. */
  const seed = async (label: string, count: number, templateId: string) => {
    const openids = Array.from({ length: count }, (_, i) => `o-${label}-${i}`);
    for (let i = 0; i < openids.length; i += 200) {
      await Promise.all(
        openids.slice(i, i + 200).map(async (openid) => {
          await emulator.control.grantSubscription({ appId: emulator.appId, openid, templateId });
          await pool.acceptSubscriptions(openid, [templateId]);
        }),
      );
    }
    return openids;
  };

  const workerConfig = (concurrency: number) => ({
    sdkUrl: builtPackage('server-sdk').indexUrl,
    redisUrl: redis.url,
    prefix,
    appId: emulator.appId,
    appSecret: emulator.appSecret,
    baseUrl: emulator.url,
    retry: FAST,
    concurrency,
    batchSize: 100,
    lockDurationMs: 3000,
  });

  /** The status, polled through Redis outages (bounded). */
  const waitFor = async (id: string, until: (s: CampaignStatus) => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await campaigns.status(id).catch(() => undefined);
      if (status !== undefined && until(status)) return status;
      if (Date.now() > deadline) throw new Error(`campaign ${id}: ${JSON.stringify(status)}`);
      await sleep(200);
    }
  };

  const inboxOf = async (templateId: string) => {
    const counts = new Map<string, number>();
    const messages = await emulator.control.inbox({ appId: emulator.appId, kind: 'subscribe' });
    for (const m of messages) {
      if (m.template_id === templateId) counts.set(m.touser, (counts.get(m.touser) ?? 0) + 1);
    }
    return { counts, messages: messages.filter((m) => m.template_id === templateId) };
  };

  it(`${USERS.toLocaleString('en')} users, one worker SIGKILLed twice, Redis restarted once → each delivered once`, async () => {
    const t = await template();
    const openids = await seed('crash', USERS, t.id);
    const config = workerConfig(16);
    workers.push(await startCampaignWorker(config), await startCampaignWorker(config));
    const started = Date.now();
    const { id } = await campaigns.start({
      template: t,
      audience: { subscribedTo: t.id },
      data: DATA,
    });
    const events: string[] = [];
    for (const share of [0.2, 0.45]) {
      const at = await waitFor(id, (s) => s.delivered >= USERS * share, 120_000);
      await (workers.shift() as WorkerProcess).kill('SIGKILL');
      events.push(`SIGKILL at ${at.delivered}`);
      workers.push(await startCampaignWorker(config));
    }
    const beforeCrash = await waitFor(id, (s) => s.delivered >= USERS * 0.7, 120_000);
    await redis.crash();
    await sleep(1500);
    await redis.start();
    events.push(`Redis restarted at ${beforeCrash.delivered}`);
    const done = await waitFor(id, (s) => s.state === 'done', 170_000);
    const seconds = (Date.now() - started) / 1000;
    const { counts } = await inboxOf(t.id);
    const missing = openids.filter((o) => !counts.has(o));
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const stats = await emulator.control.stats();
    console.log(
      `campaign reliability: ${USERS} users in ${seconds.toFixed(1)} s (${events.join(', ')}): delivered ${done.delivered} (in doubt ${done.inDoubt}), failed ${done.failed}, skipped ${done.skipped}; inbox ${counts.size} users, ${duplicates} duplicates, missing ${missing.length}; refused ${JSON.stringify(stats.subscribeSends.failed)}`,
    );
    expect(done).toMatchObject({ total: USERS, delivered: USERS, failed: 0, skipped: 0 });
    expect(duplicates).toBe(0);
    expect(stats.subscribeSends.failed['43101'] ?? 0).toBe(0);
    // Users never reached are those whose send was cut between the take and the request.
    expect(missing.length).toBeLessThanOrEqual(done.inDoubt);
  }, 180_000);

  it(`holds ${RATE}/s within 10% over 30 s across 2 workers`, async () => {
    const t = await template();
    const openids = await seed('rate', RATE_USERS, t.id);
    const config = workerConfig(32);
    while (workers.length < 2) workers.push(await startCampaignWorker(config));
    const { id } = await campaigns.start({
      template: t,
      audience: { openids },
      data: DATA,
      ratePerSecond: RATE,
    });
    await waitFor(id, (s) => s.state === 'done', 120_000);
    const { messages } = await inboxOf(t.id);
    const times = messages.map((m) => m.receivedAt).sort((a, b) => a - b);
    // Every 30 s window past the first second: sends counted against the rate.
    const first = times[0] as number;
    const inWindow = times.filter((at) => at >= first + 1000 && at < first + 31_000).length;
    const rate = inWindow / 30;
    console.log(
      `campaign rate: configured ${RATE}/s, held ${rate.toFixed(1)}/s over 30 s (2 workers)`,
    );
    expect(messages).toHaveLength(RATE_USERS);
    expect(Math.abs(rate - RATE) / RATE).toBeLessThan(0.1);
  }, 180_000);
});
