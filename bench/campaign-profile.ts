// A profiling aid, not a benchmark: one notify loop and one campaign (2 worker processes) over
// the same fresh audience, on a private Redis, printing the CPU per message of each part and
// Redis' commands per message (INFO commandstats deltas: calls and µs per message, per command).
// Profile the workers with WXTPL_CAMPAIGN_WORKER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=DIR'.
//   WXTPL_BENCH_CAMPAIGN_USERS=30000 npx tsx bench/campaign-profile.ts
import { Campaigns } from '@wxtpl/server-sdk';
import { startCampaignWorker, startEmulatorProcess } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import { cpuMeter } from './campaign-model.js';
import type { BenchContext } from './harness/context.js';
import { type BenchApp, registerBenchApp, SUBSCRIBE_DATA } from './harness/fixtures.js';
import { startBenchRedis } from './harness/redis.js';
import { campaignWorkerConfig, redisSdkStack } from './harness/sdk-stack.js';
import { runConcurrently } from './harness/stats.js';

const RETRY = { retries: 2, minDelayMs: 5, maxDelayMs: 50 };
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const users = Number(process.env.WXTPL_BENCH_CAMPAIGN_USERS ?? 30_000);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const only = process.env.WXTPL_PROFILE_ONLY ?? 'both';

type Stats = Record<string, { calls: number; usec: number }>;
async function commandStats(redis: Redis): Promise<Stats> {
  const info = await redis.info('commandstats');
  const stats: Stats = {};
  for (const line of info.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line.trim());
    if (match?.[1]) stats[match[1]] = { calls: Number(match[2]), usec: Number(match[3]) };
  }
  return stats;
}
function perMessage(before: Stats, after: Stats, messages: number) {
  const rows: [string, string, string][] = [];
  for (const [name, { calls, usec }] of Object.entries(after)) {
    const dc = calls - (before[name]?.calls ?? 0);
    const du = usec - (before[name]?.usec ?? 0);
    if (dc > 0) rows.push([name, (dc / messages).toFixed(3), (du / messages).toFixed(2)]);
  }
  rows.sort((a, b) => Number(b[2]) - Number(a[2]));
  return rows.map(([n, c, u]) => `    ${n.padEnd(24)} calls/msg ${c.padStart(8)}  µs/msg ${u}`);
}

const emulator = await startEmulatorProcess();
const benchRedis = await startBenchRedis(undefined);
const ctx: BenchContext = { emulator, redis: benchRedis, quick: false };
const info = new Redis(benchRedis.url);
const app = await registerBenchApp(emulator.control, 'campaign-profile');
const { prefix, store, client, pool, notifier } = redisSdkStack(ctx, app, 'prof', RETRY);
const campaigns = new Campaigns({ redis: benchRedis.url, pool, notifier, prefix });
const workers: Awaited<ReturnType<typeof startCampaignWorker>>[] = [];
const pids = { emulator: emulator.pid, redis: benchRedis.pid };
try {
  const config = campaignWorkerConfig(ctx, app, prefix, RETRY);
  if (only !== 'loop') {
    for (let w = 0; w < 2; w++) workers.push(await startCampaignWorker(config));
  }
  const seed = async (openids: string[], count: number) => {
    const templates: BenchApp['subscribeTemplate'][] = [];
    for (let t = 0; t < count; t++) {
      const id = await emulator.control.addSubscribeTemplate({
        appId: app.appId,
        tid: 99,
        kidList: [1, 2, 3, 4],
      });
      templates.push({ ...app.subscribeTemplate, id });
    }
    await runConcurrently(openids.length, 100, async (i) => {
      const openid = openids[i] as string;
      for (const template of templates) {
        await emulator.control.grantSubscription({
          appId: app.appId,
          openid,
          templateId: template.id,
        });
        await pool.acceptSubscriptions(openid, [template.id]);
      }
    });
    return templates;
  };
  const runCampaign = async (template: BenchApp['subscribeTemplate']) => {
    const { id } = await campaigns.start({
      template,
      audience: { subscribedTo: template.id },
      data: SUBSCRIBE_DATA,
    });
    let status = await campaigns.status(id);
    while (status.state !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await campaigns.status(id);
    }
    return status;
  };
  // Warm-up.
  const warm = Array.from({ length: 500 }, (_, i) => `oProfw${i}`);
  const [wl, wc] = (await seed(warm, 2)) as [
    BenchApp['subscribeTemplate'],
    BenchApp['subscribeTemplate'],
  ];
  await runConcurrently(warm.length, 32, (i) =>
    notifier
      .notify({ openid: warm[i] as string, template: wl, data: SUBSCRIBE_DATA })
      .then(() => {}),
  );
  if (only !== 'loop') await runCampaign(wc);

  const openids = Array.from({ length: users }, (_, i) => `oProf${String(i).padStart(10, '0')}`);
  process.stderr.write(`seeding ${users}…\n`);
  const [loopTemplate, campaignTemplate] = (await seed(openids, 2)) as [
    BenchApp['subscribeTemplate'],
    BenchApp['subscribeTemplate'],
  ];
  if (only !== 'campaign') {
    const before = await commandStats(info);
    const meter = cpuMeter({ ...pids, senders: [] }, true);
    const started = performance.now();
    await runConcurrently(users, 32, async (i) => {
      await notifier.notify({
        openid: openids[i] as string,
        template: loopTemplate,
        data: SUBSCRIBE_DATA,
      });
    });
    const rate = users / ((performance.now() - started) / 1000);
    const cost = meter(users);
    const after = await commandStats(info);
    process.stdout.write(
      `loop: ${Math.round(rate)}/s, µs/msg ${JSON.stringify(Object.fromEntries(Object.entries(cost).map(([k, v]) => [k, Math.round(v)])))}\n${perMessage(before, after, users).join('\n')}\n`,
    );
  }
  if (only !== 'loop') {
    const before = await commandStats(info);
    const meter = cpuMeter({ ...pids, senders: workers.map((w) => w.child.pid) }, false);
    const started = performance.now();
    const status = await runCampaign(campaignTemplate);
    const rate = status.delivered / ((performance.now() - started) / 1000);
    const cost = meter(status.delivered);
    const after = await commandStats(info);
    process.stdout.write(
      `campaign: ${Math.round(rate)}/s, delivered ${status.delivered}/${users}, µs/msg ${JSON.stringify(Object.fromEntries(Object.entries(cost).map(([k, v]) => [k, Math.round(v)])))}\n${perMessage(before, after, status.delivered).join('\n')}\n`,
    );
  }
} finally {
  await Promise.all(workers.map((w) => w.kill('SIGTERM')));
  await campaigns.close();
  await client.close();
  await store.close();
  info.disconnect();
  await emulator.close();
  await benchRedis.stop();
}
