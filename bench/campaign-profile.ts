// A profiling aid, not a benchmark: one notify loop and one campaign (2 worker processes) over
// the same fresh audience, on a private Redis, printing the CPU per message of each part and,
// with WXTPL_PROFILE_COMMANDS=1, Redis' commands and scripts per message (SLOWLOG: calls, µs).
// WXTPL_PROFILE_OTHER_SDK=/work/main/packages/server-sdk/dist/index.js WXTPL_PROFILE_ROUNDS=2: the
// campaign of another build too, rounds alternating, in the same run.
// Profile the workers with WXTPL_CAMPAIGN_WORKER_NODE_FLAGS='--cpu-prof --cpu-prof-dir=DIR'.
//   WXTPL_BENCH_CAMPAIGN_USERS=30000 npx tsx bench/campaign-profile.ts
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Campaigns } from '@wxtpl/server-sdk';
import { builtPackage, startCampaignWorker, startEmulatorProcess } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import { cpuMeter } from './campaign-model.js';
import type { BenchContext } from './harness/context.js';
import { type BenchApp, registerBenchApp, SUBSCRIBE_DATA } from './harness/fixtures.js';
import { startBenchRedis } from './harness/redis.js';
import { campaignWorkerConfig, redisSdkStack } from './harness/sdk-stack.js';
import { slowlogCosts, startSlowlog } from './harness/slowlog.js';
import { runConcurrently } from './harness/stats.js';

const RETRY = { retries: 2, minDelayMs: 5, maxDelayMs: 50 };
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const users = Number(process.env.WXTPL_BENCH_CAMPAIGN_USERS ?? 30_000);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const only = process.env.WXTPL_PROFILE_ONLY ?? 'both';
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const verbose = process.env.WXTPL_PROFILE_COMMANDS === '1';

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
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
  const batch = Number(process.env.WXTPL_PROFILE_BATCH ?? 0);
  const { batchSize: _harnessBatch, ...base } = campaignWorkerConfig(ctx, app, prefix, RETRY);
  const config = batch > 0 ? { ...base, batchSize: batch } : base;
  // Another build to compare in the same run (its dist/index.js): rounds of it alternate.
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
  const other = process.env.WXTPL_PROFILE_OTHER_SDK;
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
  const rounds = Number(process.env.WXTPL_PROFILE_ROUNDS ?? 1);
  const kinds: ('loop' | 'campaign' | 'other')[] = [];
  for (let r = 0; r < rounds; r++) {
    const round: ('loop' | 'campaign' | 'other')[] = [];
    if (only !== 'campaign') round.push('loop');
    if (only !== 'loop') round.push('campaign');
    if (other !== undefined) round.push('other');
    kinds.push(...(r % 2 === 0 ? round : round.reverse()));
  }
  const startWorkers = async (sdkUrl: string) => {
    for (let w = 0; w < 2; w++) workers.push(await startCampaignWorker({ ...config, sdkUrl }));
  };
  const stopWorkers = async () => {
    await Promise.all(workers.splice(0).map((w) => w.kill('SIGTERM')));
  };
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
  const openids = Array.from({ length: users }, (_, i) => `oProf${String(i).padStart(10, '0')}`);
  process.stderr.write(`seeding ${users} × ${kinds.length + 1}…\n`);
  const templates = await seed(openids, kinds.length + 1);
  // Warm-up of the loop (the workers warm up on their first campaign, not measured apart).
  const warm = templates.pop() as BenchApp['subscribeTemplate'];
  await runConcurrently(500, 32, (i) =>
    notifier
      .notify({ openid: openids[i] as string, template: warm, data: SUBSCRIBE_DATA })
      .then(() => {}),
  );
  const sdkUrls = {
    campaign: builtPackage('server-sdk').indexUrl,
    other: other === undefined ? '' : pathToFileURL(other).href,
  };
  let running: 'campaign' | 'other' | undefined;
  for (const [i, kind] of kinds.entries()) {
    const template = templates[i] as BenchApp['subscribeTemplate'];
    const cost = async () => {
      if (kind === 'loop') {
        const meter = cpuMeter({ ...pids, senders: [] }, true);
        const started = performance.now();
        await runConcurrently(users, 32, async (u) => {
          await notifier.notify({ openid: openids[u] as string, template, data: SUBSCRIBE_DATA });
        });
        return { n: users, started, meter: meter(users) };
      }
      if (running !== kind) {
        await stopWorkers();
        await startWorkers(sdkUrls[kind]);
        running = kind;
        // Their warm-up: a small campaign.
        const warmIds = Array.from({ length: 500 }, (_, u) => `oProfW${i}x${u}`);
        const [warmTemplate] = await seed(warmIds, 1);
        await runCampaign(warmTemplate as BenchApp['subscribeTemplate']);
      }
      const meter = cpuMeter({ ...pids, senders: workers.map((w) => w.child.pid) }, false);
      const started = performance.now();
      const status = await runCampaign(template);
      return { n: status.delivered, started, meter: meter(status.delivered) };
    };
    if (verbose) await startSlowlog(info);
    const { n, started, meter } = await cost();
    const rate = n / ((performance.now() - started) / 1000);
    const total = meter.sender + meter.emulator + meter.redis + meter.driver;
    process.stdout.write(
      `${kind.padEnd(8)} ${Math.round(rate)}/s, ${n}/${users}, µs/msg ${JSON.stringify(Object.fromEntries(Object.entries(meter).map(([k, v]) => [k, Math.round(v)])))} total ${Math.round(total)} (load ${loadavg()[0]?.toFixed(1)})\n`,
    );
    if (verbose) {
      const rows = (await slowlogCosts(info)).slice(0, 12);
      for (const [key, { calls, usec }] of rows) {
        process.stdout.write(
          `    ${key.padEnd(28)} calls/msg ${(calls / n).toFixed(3).padStart(7)}  µs/msg ${(usec / n).toFixed(2).padStart(6)}  µs/call ${(usec / calls).toFixed(1)}\n`,
        );
      }
    }
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
