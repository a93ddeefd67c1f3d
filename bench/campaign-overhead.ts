// A profiling aid, not a benchmark: the campaign's own bookkeeping, without the sends. One worker
// in this process runs a campaign over users holding one-time acceptances, on a private Redis,
// with a Notifier that answers at once (no take, no WeChat): what is left is what a campaign adds
// to a notify loop — BullMQ's jobs, the planner, the gate, the recorder, the runner's promises.
// Prints this process' and Redis' CPU per message and Redis' commands per message.
//   WXTPL_BENCH_CAMPAIGN_USERS=30000 npx tsx bench/campaign-overhead.ts
// WXTPL_OVERHEAD_SDK: another build of the SDK to load (a dist/index.js path), to compare.
import { pathToFileURL } from 'node:url';
import { defineSubscribeTemplate } from '@wxtpl/shared-types';
import { startPrivateRedis } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import { processCpuMicros } from './harness/cpu.js';
import { SUBSCRIBE_DATA, SUBSCRIBE_KEYWORDS } from './harness/fixtures.js';
import { slowlogCosts, startSlowlog } from './harness/slowlog.js';

// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const users = Number(process.env.WXTPL_BENCH_CAMPAIGN_USERS ?? 30_000);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const sdkPath = process.env.WXTPL_OVERHEAD_SDK;
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const batchSize = Number(process.env.WXTPL_OVERHEAD_BATCH ?? 0) || undefined;
const sdk = (await import(
  sdkPath ? pathToFileURL(sdkPath).href : '@wxtpl/server-sdk'
)) as typeof import('@wxtpl/server-sdk');

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
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

const server = await startPrivateRedis();
const info = new Redis(server.url);
const store = sdk.createRedisStore(server.url, { prefix: 'ovh:' });
const appId = 'wxOverhead000001';
const pool = new sdk.CreditPool({ store, appId });
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const slowlog = process.env.WXTPL_OVERHEAD_SLOWLOG === '1';
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const sendMs = Number(process.env.WXTPL_OVERHEAD_SEND_MS ?? 3);
// Answers after `sendMs`, as a send would (the take, WeChat), spending no CPU on it.
const notifier = {
  notify: () => new Promise<void>((resolve) => setTimeout(resolve, sendMs)),
} as unknown as InstanceType<typeof sdk.Notifier>;
const campaigns = new sdk.Campaigns({
  redis: server.url,
  pool,
  notifier,
  prefix: 'ovh:',
  ...(batchSize === undefined ? {} : { batchSize }),
});
// biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
const workerCount = Number(process.env.WXTPL_OVERHEAD_WORKERS ?? 1);
const workers = Array.from({ length: workerCount }, () =>
  campaigns.work({ concurrency: 16, lockDurationMs: 2000 }),
);
try {
  const run = async (label: string, count: number, templateId: string) => {
    const openids = Array.from(
      { length: count },
      (_, i) => `o${label}${String(i).padStart(9, '0')}`,
    );
    for (let i = 0; i < openids.length; i += 100) {
      await Promise.all(
        openids.slice(i, i + 100).map((openid) => pool.acceptSubscriptions(openid, [templateId])),
      );
    }
    if (slowlog) await startSlowlog(info);
    const before = {
      stats: await commandStats(info),
      self: cpu(),
      redis: processCpuMicros(server.pid) ?? 0,
    };
    const started = performance.now();
    const { id } = await campaigns.start({
      template: defineSubscribeTemplate({
        id: templateId,
        title: '预订成功通知',
        keywords: SUBSCRIBE_KEYWORDS,
      }),
      audience: { subscribedTo: templateId },
      data: SUBSCRIBE_DATA,
    });
    let status = await campaigns.status(id);
    while (status.state !== 'done') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = await campaigns.status(id);
    }
    const seconds = (performance.now() - started) / 1000;
    const after = {
      stats: await commandStats(info),
      self: cpu(),
      redis: processCpuMicros(server.pid) ?? 0,
    };
    const n = status.delivered;
    const rows: string[] = [];
    for (const [name, { calls, usec }] of Object.entries(after.stats)) {
      const dc = calls - (before.stats[name]?.calls ?? 0);
      const du = usec - (before.stats[name]?.usec ?? 0);
      if (dc / n >= 0.005)
        rows.push(
          `${(du / n).toFixed(2).padStart(8)}    ${name.padEnd(16)} calls/msg ${(dc / n).toFixed(3).padStart(7)}  µs/msg ${(du / n).toFixed(2)}`,
        );
    }
    if (slowlog) {
      for (const [key, { calls, usec }] of await slowlogCosts(info, { scriptsOnly: true })) {
        rows.push(
          `${(usec / n).toFixed(2).padStart(8)}    ${key}: calls/msg ${(calls / n).toFixed(3)}, µs/call ${(usec / calls).toFixed(1)}`,
        );
      }
    }
    rows.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
    process.stdout.write(
      `${label}: ${n}/${count} delivered, ${Math.round(n / seconds)}/s, worker µs/msg ${((after.self - before.self) / n).toFixed(1)}, redis µs/msg ${((after.redis - before.redis) / n).toFixed(1)}\n${rows.join('\n')}\n`,
    );
  };
  await run('warm', 2000, 'tplWarm');
  await run('main', users, 'tplMain');
} finally {
  await Promise.all(workers.map((worker) => worker.close()));
  await campaigns.close();
  await store.close();
  info.disconnect();
  await server.stop();
}
