// Campaigns against a plain notify loop: the same users holding one-time acceptances of two
// templates, reached once by a single-process `notify` loop (concurrency 32, in this process) and
// once by a campaign with 2 worker processes (the built SDK, concurrency 16 each), on the same
// Redis and emulator process; after a warm-up of 500 users, 3 rounds of fresh users in
// alternating order, the row shows the round with the median ratio. Target: campaign messages/s
// ≥ 0.9 × the loop's. Also the workers' memory while they stream the audience (RSS sampled every
// second): flat means it grows less than 50 MB past the first round, whatever the audience size.
import { Campaigns } from '@wxtpl/server-sdk';
import { deleteKeys, startCampaignWorker } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import { type CpuPerMessage, cpuMeter, predictRate } from './campaign-model.js';
import { campaignStreamMemory, streamSize } from './campaign-stream.js';
import type { BenchContext } from './harness/context.js';
import { type BenchApp, registerBenchApp, SUBSCRIBE_DATA } from './harness/fixtures.js';
import { progress } from './harness/progress.js';
import type { BenchResult } from './harness/results.js';
import { campaignWorkerConfig, redisSdkStack } from './harness/sdk-stack.js';
import { median, runConcurrently } from './harness/stats.js';

const TARGET = 0.9;
const FLAT_MB = 50;
const MB = 1024 * 1024;
const RETRY = { retries: 2, minDelayMs: 5, maxDelayMs: 50 };

/** Users of the audience: WXTPL_BENCH_CAMPAIGN_USERS, else 12,000 (3,000 with --quick). */
function audienceSize(quick: boolean): number {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
  const given = Number(process.env.WXTPL_BENCH_CAMPAIGN_USERS);
  if (Number.isSafeInteger(given) && given > 0) return given;
  return quick ? 3000 : 12_000;
}

/** Worker processes: WXTPL_BENCH_CAMPAIGN_WORKERS, else 2 (the target is for 2). */
function workerCount(): number {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: a bench knob, no turbo task reads it
  const given = Number(process.env.WXTPL_BENCH_CAMPAIGN_WORKERS);
  return Number.isSafeInteger(given) && given > 0 && given <= 16 ? given : 2;
}

export async function campaignThroughput(ctx: BenchContext): Promise<BenchResult[]> {
  const users = audienceSize(ctx.quick);
  const rounds = ctx.quick ? 1 : 3;
  const perRound = Math.ceil(users / rounds);
  const app = await registerBenchApp(ctx.emulator.control, 'campaign');
  const control = ctx.emulator.control;
  const { prefix, store, client, pool, notifier } = redisSdkStack(
    ctx,
    app,
    'bench-campaign',
    RETRY,
  );
  const campaigns = new Campaigns({ redis: ctx.redis.url, pool, notifier, prefix });
  const workers: Awaited<ReturnType<typeof startCampaignWorker>>[] = [];
  try {
    // The SDK's default batch size: each job's BullMQ scripts and planner page are per batch.
    const { batchSize: _harnessBatch, ...config } = campaignWorkerConfig(ctx, app, prefix, RETRY);
    for (let w = 0; w < workerCount(); w++) workers.push(await startCampaignWorker(config));
    // The rounds' worker count (the model check below stops one).
    const sending = workers.length;
    const pids = { emulator: ctx.emulator.pid, redis: ctx.redis.pid };
    /** `openids` holding one acceptance of each of `count` new templates. */
    const seed = async (openids: string[], count: number, label: string) => {
      const templates: BenchApp['subscribeTemplate'][] = [];
      for (let t = 0; t < count; t++) {
        const id = await control.addSubscribeTemplate({
          appId: app.appId,
          tid: 99,
          kidList: [1, 2, 3, 4],
        });
        templates.push({ ...app.subscribeTemplate, id });
      }
      progress(
        `campaign ${label}: seeding ${openids.length.toLocaleString('en-US')} users × ${count} template${count === 1 ? '' : 's'}…`,
      );
      await runConcurrently(openids.length, 100, async (i) => {
        const openid = openids[i] as string;
        for (const template of templates) {
          await control.grantSubscription({ appId: app.appId, openid, templateId: template.id });
          await pool.acceptSubscriptions(openid, [template.id]);
        }
      });
      return templates as [BenchApp['subscribeTemplate'], ...BenchApp['subscribeTemplate'][]];
    };
    /** One campaign to the holders of `template`, start to done: messages/s and CPU per message. */
    const campaignRound = async (template: BenchApp['subscribeTemplate']) => {
      const meter = cpuMeter({ ...pids, senders: workers.map((w) => w.child.pid) }, false);
      const started = performance.now();
      const { id } = await campaigns.start({
        template,
        audience: { subscribedTo: template.id },
        data: SUBSCRIBE_DATA,
      });
      let status = await campaigns.status(id);
      const deadline = Date.now() + 600_000;
      while (status.state !== 'done' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = await campaigns.status(id);
      }
      const rate = status.delivered / ((performance.now() - started) / 1000);
      return { rate, delivered: status.delivered, cost: meter(status.delivered) };
    };

    // RSS samples each worker had printed when each round ended: growth is measured past round 1.
    const marks: number[][] = [];
    const ratios: number[] = [];
    const loopRates: number[] = [];
    const campaignRates: number[] = [];
    const loopCosts: CpuPerMessage[] = [];
    const campaignCosts: CpuPerMessage[] = [];
    let delivered = 0;
    // Round -1 warms up both sides (JIT, connections, scripts loaded): not counted.
    for (let round = -1; round < rounds; round++) {
      const size = round < 0 ? Math.min(500, perRound) : perRound;
      // Each round: its own users, one template for the loop and one for the campaign.
      const openids = Array.from(
        { length: size },
        (_, i) => `oBenchCampaign${round < 0 ? 'w' : round}x${String(i).padStart(10, '0')}`,
      );
      const [loopTemplate, campaignTemplate] = (await seed(
        openids,
        2,
        round < 0 ? 'warm-up' : `round ${round + 1}/${rounds}`,
      )) as [BenchApp['subscribeTemplate'], BenchApp['subscribeTemplate']];
      const runLoop = async () => {
        const meter = cpuMeter({ ...pids, senders: [] }, true);
        const started = performance.now();
        await runConcurrently(size, 32, async (i) => {
          await notifier.notify({
            openid: openids[i] as string,
            template: loopTemplate,
            data: SUBSCRIBE_DATA,
          });
        });
        const rate = size / ((performance.now() - started) / 1000);
        if (round >= 0) loopCosts.push(meter(size));
        return rate;
      };
      const runCampaign = async () => {
        const { rate, delivered: reached, cost } = await campaignRound(campaignTemplate);
        if (round >= 0) {
          delivered += reached;
          campaignCosts.push(cost);
        }
        return rate;
      };
      // Alternate which runs first: the machine is shared, its load drifts.
      let loopRate: number;
      let campaignRate: number;
      if (round % 2 === 0) {
        loopRate = await runLoop();
        campaignRate = await runCampaign();
      } else {
        campaignRate = await runCampaign();
        loopRate = await runLoop();
      }
      if (round < 0) continue;
      marks.push(workers.map((w) => w.lines.filter((line) => line.startsWith('{')).length));
      loopRates.push(loopRate);
      campaignRates.push(campaignRate);
      ratios.push(campaignRate / loopRate);
      progress(
        `campaign round ${round + 1}: loop ${Math.round(loopRate)}/s, campaign ${Math.round(campaignRate)}/s (× ${(campaignRate / loopRate).toFixed(2)})`,
      );
    }
    const perWorker = workers.map((w) =>
      w.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line).rss / MB),
    );
    const rss = perWorker.flat();
    // Past the warm-up (JIT, connection buffers) of round 1: from the last sample of round 1 to
    // the largest after it. A worker keeping anything per user would grow with every round.
    const growth = Math.max(
      0,
      ...perWorker.map((samples, w) => {
        const warm = Math.max(0, (marks[0]?.[w] ?? 1) - 1);
        const after = samples.slice(warm);
        return after.length < 2 ? 0 : Math.max(...after) - (after[0] as number);
      }),
    );
    const ratio = median(ratios);
    const index = ratios.indexOf(ratio);
    progress(
      `campaign: median ratio ${ratio.toFixed(2)}; ${delivered}/${perRound * rounds} delivered; worker RSS max ${Math.round(Math.max(0, ...rss))} MB, growth ${growth.toFixed(1)} MB`,
    );
    // The model checked: the CPU per message of the 2-worker rounds predicts a 1-worker run, and
    // the 1-worker run's predicts the 2-worker rounds.
    const model = await (async () => {
      if (sending < 2) return null;
      const cost = campaignCosts[index] as CpuPerMessage;
      await (workers.pop() as (typeof workers)[number]).kill('SIGTERM');
      const openids = Array.from(
        { length: perRound },
        (_, i) => `oBenchCampaign1w${String(i).padStart(10, '0')}`,
      );
      const [template] = await seed(openids, 1, 'model check, 1 worker');
      const single = await campaignRound(template);
      const one = predictRate(cost, 1);
      const two = predictRate(single.cost, 2);
      progress(
        `campaign model: 1 worker measured ${Math.round(single.rate)}/s, predicted ${Math.round(one.rate)}/s (${one.limit}-bound); 2 workers measured ${Math.round(campaignRates[index] as number)}/s, predicted ${Math.round(two.rate)}/s (${two.limit}-bound)`,
      );
      return { single, one, two, cost };
    })();
    const stream = streamSize();
    const streamed = stream > 0 ? await campaignStreamMemory(ctx, stream) : [];
    return [
      ...streamed,
      {
        id: `campaign.throughput.w${sending}`,
        benchmark: `campaign, ${sending} worker process${sending === 1 ? '' : 'es'}, ${users.toLocaleString('en-US')} one-time acceptances`,
        figure: Math.round(campaignRates[index] as number),
        unit: 'messages/s',
        baseline: {
          label: 'single-process notify loop, c=32',
          value: Math.round(loopRates[index] as number),
          unit: 'messages/s',
        },
        ratio: Math.round(ratio * 100) / 100,
        target: `ratio ≥ ${TARGET}`,
        pass: delivered === perRound * rounds && ratio >= TARGET,
        indicative: ctx.quick,
        details: {
          cpuMicrosPerMessage: {
            loop: roundCost(loopCosts[index]),
            campaign: roundCost(campaignCosts[index]),
          },
          rounds: ratios.map((r, i) => ({
            loop: Math.round(loopRates[i] as number),
            campaign: Math.round(campaignRates[i] as number),
            ratio: Math.round(r * 100) / 100,
          })),
        },
      },
      ...(model === null
        ? []
        : [
            {
              id: 'campaign.model.w1',
              benchmark:
                'campaign throughput model: 1 worker, predicted from the 2-worker CPU per message',
              figure: Math.round(model.single.rate),
              unit: 'messages/s',
              baseline: {
                label: 'predicted',
                value: Math.round(model.one.rate),
                unit: 'messages/s',
              },
              ratio: Math.round((model.single.rate / model.one.rate) * 100) / 100,
              target: 'reported: measured ÷ the model of bench/campaign-model.ts',
              pass: true,
              info: true,
              details: {
                limit: model.one.limit,
                bounds: roundBounds(model.one.bounds),
                twoWorkers: {
                  measured: Math.round(campaignRates[index] as number),
                  predictedFromOneWorker: Math.round(model.two.rate),
                  limit: model.two.limit,
                  bounds: roundBounds(model.two.bounds),
                },
                cpuMicrosPerMessage: { oneWorker: roundCost(model.single.cost) },
              },
            } satisfies BenchResult,
          ]),
      {
        id: 'campaign.worker-memory',
        benchmark: `campaign worker RSS growth past round 1, ${users.toLocaleString('en-US')} users`,
        figure: Math.round(growth * 10) / 10,
        unit: 'MB',
        baseline: null,
        ratio: null,
        target: `< ${FLAT_MB} MB (flat)`,
        pass: growth < FLAT_MB,
        indicative: rounds < 2,
        details: { maxRssMB: Math.round(Math.max(0, ...rss)), samples: rss.length },
      },
    ];
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    await campaigns.close();
    await client.close();
    await store.close();
    const redis = new Redis(ctx.redis.url);
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
}

function roundCost(cost: CpuPerMessage | undefined) {
  if (cost === undefined) return null;
  return Object.fromEntries(Object.entries(cost).map(([part, us]) => [part, Math.round(us)]));
}

function roundBounds(bounds: Record<string, number>) {
  return Object.fromEntries(
    Object.entries(bounds).map(([limit, rate]) => [limit, Math.round(rate)]),
  );
}
