import { callsDelta, commandCalls, deleteKeys } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import type { BenchContext } from './harness/context.js';
import { DATA, EMPHASIS, mintCredits, PAGE, registerBenchApp } from './harness/fixtures.js';
import { progress } from './harness/progress.js';
import type { BenchResult } from './harness/results.js';
import { redisSdkStack } from './harness/sdk-stack.js';
import { runConcurrently } from './harness/stats.js';

const TARGET = 2;
const CONCURRENCY = 16;

export async function redisRoundTrips(ctx: BenchContext): Promise<BenchResult[]> {
  const notifies = ctx.quick ? 200 : 1000;
  const attempts = ctx.redis.isPrivate ? 1 : 3;
  const app = await registerBenchApp(ctx.emulator.control, 'rtt');
  const { prefix, store, client, pool, notifier } = redisSdkStack(ctx, app, 'bench-round-trips');
  const inspector = new Redis(ctx.redis.url);
  const notify = (openid: string) =>
    notifier.notify({ openid, template: app.template, data: DATA, page: PAGE, emphasis: EMPHASIS });

  let best: Measured | undefined;
  try {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const credits = await mintCredits(ctx.emulator.control, app, notifies + 50, 50);
      for (const user of credits.users) {
        await pool.ingest(
          user.openid,
          user.ids.map((formId) => ({ formId })),
        );
      }
      const openids = credits.users.flatMap((u) => u.ids.map(() => u.openid));
      // Warm-up outside the window: token fetched, scripts loaded.
      await runConcurrently(50, CONCURRENCY, (i) => notify(openids[notifies + i] as string));
      const measured = await measure(inspector, prefix, () =>
        runConcurrently(notifies, CONCURRENCY, (i) => notify(openids[i] as string)),
      );
      if (best === undefined || measured.roundTrips < best.roundTrips) best = measured;
    }
  } finally {
    await client.close();
    await deleteKeys(inspector, prefix);
    await store.close();
    inspector.disconnect();
  }
  const result = best as Measured;
  const perNotify = result.roundTrips / notifies;
  progress(
    `redis round trips: ${perNotify.toFixed(2)} per notify (${(result.totalCalls / notifies).toFixed(2)} commandstats calls per notify, script-internal included)`,
  );
  return [
    {
      id: 'redis.round-trips',
      benchmark: `Redis round trips per notify (Redis store, ${notifies} notifies)`,
      figure: Math.round(perNotify * 100) / 100,
      unit: 'per notify',
      baseline: null,
      ratio: null,
      target: `≤ ${TARGET}`,
      pass: perNotify <= TARGET,
      details: {
        notifies,
        commandstatsDelta: result.delta,
        commandstatsCallsPerNotify: result.totalCalls / notifies,
        insideScriptsPerNotify: result.insideScripts / notifies,
        monitorTopLevelPerNotify: result.monitorTopLevel / notifies,
        privateRedis: ctx.redis.isPrivate,
      },
    },
  ];
}

interface Measured {
  delta: Record<string, number>;
  totalCalls: number;
  insideScripts: number;
  monitorTopLevel: number;
  roundTrips: number;
}

async function measure(inspector: Redis, prefix: string, run: () => Promise<void>) {
  // monitor() opens a connection of its own.
  const monitor = await inspector.monitor();
  let insideScripts = 0;
  let monitorTopLevel = 0;
  let lastSeen = performance.now();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    lastSeen = performance.now();
    if (!args.some((arg) => String(arg).startsWith(prefix))) return;
    if (source === 'lua') insideScripts += 1;
    else monitorTopLevel += 1;
  });
  const before = await commandCalls(inspector);
  await run();
  const after = await commandCalls(inspector);
  // MONITOR lines arrive after the commands: wait until the stream has been quiet for a while.
  while (performance.now() - lastSeen < 200) await new Promise((r) => setTimeout(r, 50));
  monitor.disconnect();
  const delta = callsDelta(before, after);
  // The inspector's own INFO and the MONITOR connection are not the SDK's.
  delete delta.info;
  delete delta.monitor;
  const totalCalls = Object.values(delta).reduce((a, b) => a + b, 0);
  return {
    delta,
    totalCalls,
    insideScripts,
    monitorTopLevel,
    roundTrips: totalCalls - insideScripts,
  };
}
