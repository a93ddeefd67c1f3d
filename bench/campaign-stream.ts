// Worker memory while a campaign streams a very large audience (WXTPL_BENCH_CAMPAIGN_STREAM=N,
// e.g. 1000000; off by default: minutes of work). The audience index is written straight into one
// of its shard keys (a pipelined ZADD: seeding a million acceptances one by one would take an hour);
// those users hold no acceptance, so each is taken for nothing and skipped: every step of a campaign
// but the HTTP send, for every user. Two worker processes report their RSS every second; the row is
// the growth from the sample at 10% of the audience to the largest after it.
import { Campaigns } from '@wxtpl/server-sdk';
import { deleteKeys, startCampaignWorker } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import type { BenchContext } from './harness/context.js';
import { registerBenchApp, SUBSCRIBE_DATA } from './harness/fixtures.js';
import { progress } from './harness/progress.js';
import type { BenchResult } from './harness/results.js';
import { campaignWorkerConfig, redisSdkStack } from './harness/sdk-stack.js';

const FLAT_MB = 50;
const MB = 1024 * 1024;

/** The audience size asked for, or 0 (the row is skipped). */
export function streamSize(): number {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
  const given = Number(process.env.WXTPL_BENCH_CAMPAIGN_STREAM);
  return Number.isSafeInteger(given) && given > 0 ? given : 0;
}

export async function campaignStreamMemory(
  ctx: BenchContext,
  users: number,
): Promise<BenchResult[]> {
  const app = await registerBenchApp(ctx.emulator.control, 'stream');
  const redis = new Redis(ctx.redis.url);
  const { prefix, store, client, pool, notifier } = redisSdkStack(ctx, app, 'bench-stream');
  const campaigns = new Campaigns({ redis: ctx.redis.url, pool, notifier, prefix });
  const workers: Awaited<ReturnType<typeof startCampaignWorker>>[] = [];
  const templateId = app.subscribeTemplate.id;
  try {
    progress(`campaign stream: indexing ${users.toLocaleString('en-US')} users…`);
    // The pool's index key of shard 0 (store/redis-credits.ts): the planner scans every shard.
    const key = `${prefix}aud:{${app.appId.length}:${app.appId}:${templateId}:0}`;
    for (let i = 0; i < users; i += 10_000) {
      const pipeline = redis.pipeline();
      for (let j = i; j < Math.min(users, i + 10_000); j++) {
        pipeline.zadd(key, 0, `oStream${String(j).padStart(12, '0')}`);
      }
      await pipeline.exec();
    }
    const config = campaignWorkerConfig(ctx, app, prefix);
    workers.push(await startCampaignWorker(config), await startCampaignWorker(config));
    const started = performance.now();
    const { id } = await campaigns.start({
      template: app.subscribeTemplate,
      audience: { subscribedTo: templateId },
      data: SUBSCRIBE_DATA,
    });
    let status = await campaigns.status(id);
    let warmMarks: number[] | undefined;
    let lastReport = 0;
    const deadline = Date.now() + 3_600_000;
    while (status.state !== 'done' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await campaigns.status(id);
      const settled = status.delivered + status.skipped + status.failed;
      if (warmMarks === undefined && settled >= users / 10) {
        warmMarks = workers.map((w) => w.lines.filter((line) => line.startsWith('{')).length);
      }
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        progress(
          `campaign stream: ${settled.toLocaleString('en-US')}/${users.toLocaleString('en-US')} settled`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const perWorker = workers.map((w) =>
      w.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line).rss / MB),
    );
    const growth = Math.max(
      0,
      ...perWorker.map((samples, w) => {
        const after = samples.slice(Math.max(0, (warmMarks?.[w] ?? 1) - 1));
        return after.length < 2 ? 0 : Math.max(...after) - (after[0] as number);
      }),
    );
    const maxRss = Math.max(0, ...perWorker.flat());
    progress(
      `campaign stream: ${status.skipped.toLocaleString('en-US')} skipped in ${Math.round(seconds)} s; worker RSS max ${Math.round(maxRss)} MB, growth past 10% ${growth.toFixed(1)} MB`,
    );
    return [
      {
        id: 'campaign.stream-memory',
        benchmark: `campaign worker RSS growth streaming ${users.toLocaleString('en-US')} users (2 workers)`,
        figure: Math.round(growth * 10) / 10,
        unit: 'MB',
        baseline: null,
        ratio: null,
        target: `< ${FLAT_MB} MB (flat)`,
        pass: status.state === 'done' && status.skipped === users && growth < FLAT_MB,
        details: {
          maxRssMB: Math.round(maxRss),
          seconds: Math.round(seconds),
          state: status.state,
        },
      },
    ];
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    await campaigns.close();
    await client.close();
    await store.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
}
