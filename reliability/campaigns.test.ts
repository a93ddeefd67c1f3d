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
/** The issue's figure; WXTPL_CAMPAIGN_RATE overrides it. */
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a test knob, no turbo task reads it
const RATE = Number(process.env.WXTPL_CAMPAIGN_RATE ?? 500);
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
  /** Messages/s the 2 workers reached unthrottled in the crash test (what this machine can do now). */
  let capacity = Number.POSITIVE_INFINITY;

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

  const workerConfig = (concurrency: number, inDoubt: 'skip' | 'repeat' = 'skip') => ({
    inDoubt,
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

  /**
   * One worker SIGKILLed twice and Redis (AOF) crashed and restarted while a campaign runs.
   * `skip`: nobody is sent twice and nothing is refused; the few whose send was cut between the
   * take and the request are counted in doubt. `repeat`: those are sent again where WeChat can
   * confirm a first send (43101), so nobody is missed.
   */
  const crashRun = async (label: string, users: number, inDoubt: 'skip' | 'repeat') => {
    const t = await template();
    const openids = await seed(label, users, t.id);
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGKILL')));
    const before = await emulator.control.stats();
    const config = workerConfig(16, inDoubt);
    workers.push(await startCampaignWorker(config), await startCampaignWorker(config));
    const started = Date.now();
    const { id } = await campaigns.start({
      template: t,
      audience: { subscribedTo: t.id },
      data: DATA,
    });
    const events: string[] = [];
    for (const share of [0.2, 0.45]) {
      const at = await waitFor(id, (s) => s.delivered >= users * share, 120_000);
      await (workers.shift() as WorkerProcess).kill('SIGKILL');
      events.push(`SIGKILL at ${at.delivered}`);
      workers.push(await startCampaignWorker(config));
    }
    const beforeCrash = await waitFor(id, (s) => s.delivered >= users * 0.7, 120_000);
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
    const refused43101 =
      (stats.subscribeSends.failed['43101'] ?? 0) - (before.subscribeSends.failed['43101'] ?? 0);
    console.log(
      `campaign reliability (inDoubt: ${inDoubt}): ${users} users in ${seconds.toFixed(1)} s (${events.join(', ')}): delivered ${done.delivered} (in doubt ${done.inDoubt}), failed ${done.failed}, skipped ${done.skipped}; inbox ${counts.size} users, ${duplicates} duplicates, missing ${missing.length}; 43101 × ${refused43101}`,
    );
    expect(done).toMatchObject({ total: users, delivered: users, failed: 0, skipped: 0 });
    expect(duplicates).toBe(0);
    return { done, missing, refused43101, seconds };
  };

  it(`${USERS.toLocaleString('en')} users, one worker SIGKILLed twice, Redis restarted once: at most once, 0 × 43101`, async () => {
    const { done, missing, refused43101, seconds } = await crashRun('skip', USERS, 'skip');
    capacity = USERS / seconds;
    expect(refused43101).toBe(0);
    // Users never reached are those whose send was cut between the take and the request.
    expect(missing.length).toBeLessThanOrEqual(done.inDoubt);
  }, 240_000);

  it('the same with inDoubt: repeat → every user delivered exactly once', async () => {
    const users = 8000;
    const { done, missing, refused43101 } = await crashRun('repeat', users, 'repeat');
    expect(missing).toEqual([]);
    // Each 43101 confirms an earlier send (nobody got two, nobody none): users in flight in a
    // killed worker, at the Redis crash, and in the batches whose lock lapsed during the outage,
    // which a second worker ran while the first still did. A few per cent at most, not a rerun.
    expect(refused43101).toBeLessThanOrEqual(users * 0.02);
    expect(done.inDoubt).toBeLessThanOrEqual(64);
  }, 240_000);

  it(`holds ${RATE}/s within 10% over 30 s across 2 workers`, async () => {
    // A rate the machine cannot reach proves nothing about the limiter: on a loaded machine the
    // test holds 60% of the capacity just measured instead (and says so).
    const rate = Math.min(RATE, Math.max(50, Math.floor((capacity * 0.6) / 50) * 50));
    const users = rate * 31;
    const t = await template();
    const openids = await seed('rate', users, t.id);
    const config = workerConfig(32);
    while (workers.length < 2) workers.push(await startCampaignWorker(config));
    const { id } = await campaigns.start({
      template: t,
      audience: { openids },
      data: DATA,
      ratePerSecond: rate,
    });
    await waitFor(id, (s) => s.state === 'done', 120_000);
    const { messages } = await inboxOf(t.id);
    const times = messages.map((m) => m.receivedAt).sort((a, b) => a - b);
    // Every 30 s window past the first second: sends counted against the rate.
    const first = times[0] as number;
    const inWindow = times.filter((at) => at >= first + 1000 && at < first + 31_000).length;
    const held = inWindow / 30;
    console.log(
      `campaign rate: configured ${rate}/s${rate < RATE ? ` (not ${RATE}: unthrottled capacity now ${Math.round(capacity)}/s)` : ''}, held ${held.toFixed(1)}/s over 30 s (2 workers)`,
    );
    expect(messages).toHaveLength(users);
    expect(Math.abs(held - rate) / rate).toBeLessThan(0.1);
  }, 180_000);
});
