// Notify throughput through the SDK (memory and Redis pools) next to the physical limit of each:
// raw keep-alive POSTs of the same bytes to the same endpoint through undici, against the emulator
// in its own process; for the Redis store, the same raw POST preceded by the cheapest Redis round
// trip of the same shape (a no-op script, same keys and arguments, on a connection set up as the
// store's own), as no Redis-backed design can spend a credit with less. An SDK variant
// and its baseline run as one paired trial, alternating in short chunks, so that whatever else the
// machine does lands on both; each row reports the round whose SDK ÷ baseline ratio is the median. Subscribe messages run the same way (an
// acceptance pays, `subscribe/send` carries it) and are held to the template rows' ratios.
import {
  createMemoryStore,
  createRedisStore,
  FormIdPool,
  Notifier,
  type Store,
  WeChatClient,
} from '@wxtpl/server-sdk';
import { deleteKeys, uniquePrefix } from '@wxtpl/testkit';
import type { Redis } from 'ioredis';
import { Pool } from 'undici';
import type { BenchContext } from './harness/context.js';
import { machineTicks, processCpuMicros } from './harness/cpu.js';
import {
  type BenchApp,
  type CreditKind,
  DATA,
  EMPHASIS,
  mintCredits,
  PAGE,
  registerBenchApp,
  SUBSCRIBE_DATA,
  sendOrder,
} from './harness/fixtures.js';
import { floorRunner } from './harness/floor.js';
import { progress } from './harness/progress.js';
import { bareRedis } from './harness/redis.js';
import type { BenchResult } from './harness/results.js';
import { median, runConcurrently } from './harness/stats.js';

const SEND_PATH: Record<CreditKind, string> = {
  template: '/cgi-bin/message/wxopen/template/send',
  subscribe: '/cgi-bin/message/subscribe/send',
};
const CONCURRENCIES = [1, 16, 64] as const;
/**
 * Credits per user: real pools are small (the pool keeps at most 100 formIds per user by
 * default, and 20 acceptances of one template).
 */
const PER_USER: Record<CreditKind, number> = { template: 50, subscribe: 20 };
/** Each side of a paired trial lasts about this long at the raw rate. */
const TRIAL_SECONDS = 0.3;
/** A paired trial alternates SDK and baseline in this many chunks of each. */
const CHUNKS = 10;
/**
 * Rounds per concurrency (odd: the median is one actual round). One-at-a-time rows are latency
 * bound and feel every scheduling hiccup of a shared machine: they get more rounds.
 */
const ROUNDS = { quick: 3, full: { 1: 21, 16: 11, 64: 11 } } as const;
/** SDK ÷ its own floor: HTTP alone for the memory store, HTTP + one round trip for Redis. */
const TARGET = 0.9;
const MEMORY_TARGET = 0.85;
/** A subscribe row's ratio may be this much below the template row's of the same store and c. */
const SUBSCRIBE_SLACK = 0.05;

type BaseName = 'raw' | 'raw+redis' | 'memory' | 'redis';
type VariantName = BaseName | `${BaseName}:subscribe`;

/** One way of sending n messages; `prepare` does everything that is not timed. */
interface Variant {
  name: VariantName;
  prepare(n: number): Promise<(concurrency: number, from: number, to: number) => Promise<void>>;
}

/** One side of a paired trial. */
interface Trial {
  perSecond: number;
  /** CPU microseconds per message: this (client) process, the emulator, Redis. */
  cpu: { client: number; emulator: number | null; redis: number | null };
  /** Share of the whole machine's CPU time that was busy (other jobs included). */
  machineBusy: number | null;
}

/**
 * An SDK variant, the baseline it is held to, and its target: a ratio, or (subscribe rows) the
 * ratio of the template comparison named, less {@link SUBSCRIBE_SLACK}.
 */
interface Comparison {
  sdk: VariantName;
  base: VariantName;
  baseLabel: string;
  target: number | { sameAs: VariantName };
}

const COMPARISONS: Comparison[] = [
  { sdk: 'memory', base: 'raw', baseLabel: 'raw undici', target: MEMORY_TARGET },
  { sdk: 'redis', base: 'raw+redis', baseLabel: 'raw undici + Redis round trip', target: TARGET },
  {
    sdk: 'memory:subscribe',
    base: 'raw:subscribe',
    baseLabel: 'raw undici',
    target: { sameAs: 'memory' },
  },
  {
    sdk: 'redis:subscribe',
    base: 'raw+redis:subscribe',
    baseLabel: 'raw undici + Redis round trip',
    target: { sameAs: 'redis' },
  },
];

export async function notifyThroughput(ctx: BenchContext): Promise<BenchResult[]> {
  const { control, url } = ctx.emulator;

  // Two apps, so that each client owns its token (a second fetch for one app would retire the
  // first client's token once WeChat's overlap ends).
  const appMemory = await registerBenchApp(control, 'mem');
  const appRedis = await registerBenchApp(control, 'red');
  const prefix = uniquePrefix('bench-throughput');
  const memoryStore = createMemoryStore();
  // As an application would create it: the store opens its own connection.
  const redisStore = createRedisStore(ctx.redis.url, { prefix });
  const memoryClient = clientFor(appMemory, url, memoryStore);
  const redisClient = clientFor(appRedis, url, redisStore);
  // The SDK's pool settings: 64 keep-alive sockets, no pipelining.
  const raw = new Pool(url, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  const rawRedis = bareRedis(ctx.redis.url);
  const token = () => memoryClient.getAccessToken();

  const withRedis = { redis: rawRedis, prefix };
  const variants: Record<VariantName, Variant> = {
    raw: rawVariant(ctx, 'template', appMemory, raw, token, null),
    memory: sdkVariant(ctx, 'template', 'memory', appMemory, memoryClient, memoryStore),
    redis: sdkVariant(ctx, 'template', 'redis', appRedis, redisClient, redisStore),
    'raw+redis': rawVariant(ctx, 'template', appMemory, raw, token, withRedis),
    'raw:subscribe': rawVariant(ctx, 'subscribe', appMemory, raw, token, null),
    'memory:subscribe': sdkVariant(
      ctx,
      'subscribe',
      'memory',
      appMemory,
      memoryClient,
      memoryStore,
    ),
    'redis:subscribe': sdkVariant(ctx, 'subscribe', 'redis', appRedis, redisClient, redisStore),
    'raw+redis:subscribe': rawVariant(ctx, 'subscribe', appMemory, raw, token, withRedis),
  };
  const trials = new Map<string, Trial[]>();
  try {
    progress('notify throughput: warm-up (JIT, sockets, both processes)');
    for (const c of [16, 1]) {
      for (const { sdk, base } of COMPARISONS) {
        await pairedTrial(ctx, variants[sdk], variants[base], ctx.quick ? 1000 : 3000, c, false);
      }
    }
    for (const c of CONCURRENCIES) {
      const rounds = ctx.quick ? ROUNDS.quick : ROUNDS.full[c];
      const calibration = await pairedTrial(ctx, variants.raw, variants.raw, 2000, c, false);
      const n = clamp(Math.round(calibration.base.perSecond * TRIAL_SECONDS), 1000, 20_000);
      for (let round = 0; round < rounds; round++) {
        const line: string[] = [];
        // Alternate which comparison runs first, and which side of a pair starts.
        const order = round % 2 === 0 ? COMPARISONS : [...COMPARISONS].reverse();
        for (const { sdk, base } of order) {
          const pair = await pairedTrial(ctx, variants[sdk], variants[base], n, c, round % 2 === 1);
          push(trials, `${sdk}.c${c}`, pair.sdk);
          push(trials, `${sdk}:${base}.c${c}`, pair.base);
          line.push(
            `${sdk} ${Math.round(pair.sdk.perSecond)}/s vs ${base} ${Math.round(pair.base.perSecond)}/s`,
          );
        }
        progress(
          `notify throughput, c=${c}, round ${round + 1}/${rounds} (n=${n}): ${line.join('; ')}`,
        );
      }
    }
  } finally {
    await Promise.all([memoryClient.close(), redisClient.close(), raw.close()]);
    await deleteKeys(rawRedis, prefix);
    await redisStore.close();
    rawRedis.disconnect();
  }

  const results: BenchResult[] = [];
  const ratios = new Map<string, number>();
  for (const { sdk: name, base: baseName, baseLabel, target: wanted } of COMPARISONS) {
    for (const c of CONCURRENCIES) {
      const sdk = trials.get(`${name}.c${c}`) ?? [];
      const base = trials.get(`${name}:${baseName}.c${c}`) ?? [];
      // Each SDK side is compared with the baseline side of its own paired trial, which cancels
      // the machine's drifts. The round with the median ratio is reported, so that figure ÷
      // baseline is the ratio shown.
      const paired = sdk.map((t, i) => t.perSecond / (base[i] as Trial).perSecond);
      const byRatio = paired
        .map((_, i) => i)
        .sort((a, b) => (paired[a] as number) - (paired[b] as number));
      const middle = byRatio[(byRatio.length - 1) >> 1] as number;
      const ratio = paired[middle] as number;
      ratios.set(`${name}.c${c}`, ratio);
      const [store, kind = 'template'] = name.split(':');
      const target =
        typeof wanted === 'number'
          ? wanted
          : (ratios.get(`${wanted.sameAs}.c${c}`) ?? Number.NaN) - SUBSCRIBE_SLACK;
      results.push({
        id: kind === 'template' ? `notify.${store}.c${c}` : `notify.${kind}.${store}.c${c}`,
        benchmark: `notify throughput, ${kind === 'template' ? '' : 'subscribe messages, '}${store} store, concurrency ${c}`,
        figure: Math.round((sdk[middle] as Trial).perSecond),
        unit: 'notifies/s',
        baseline: {
          label: baseLabel,
          value: Math.round((base[middle] as Trial).perSecond),
          unit: 'msg/s',
        },
        ratio,
        target:
          typeof wanted === 'number'
            ? `ratio ≥ ${target}`
            : `ratio ≥ template row − ${SUBSCRIBE_SLACK} (${round3(target)})`,
        pass: ratio >= target,
        // Three short rounds on a shared machine: a smoke test, not a measurement.
        indicative: ctx.quick,
        details: {
          rounds: sdk.length,
          medianRound: middle + 1,
          pairedRatios: paired.map(round3),
          sdkPerSecond: sdk.map((t) => Math.round(t.perSecond)),
          baselinePerSecond: base.map((t) => Math.round(t.perSecond)),
          cpuMicrosPerMessage: { sdk: medianCpu(sdk), baseline: medianCpu(base) },
          machineBusy: {
            sdk: round3(median(sdk.map((t) => t.machineBusy ?? Number.NaN))),
            baseline: round3(median(base.map((t) => t.machineBusy ?? Number.NaN))),
          },
        },
      });
    }
  }
  return results;
}

function clientFor(app: BenchApp, url: string, store: Store): WeChatClient {
  return new WeChatClient({ appId: app.appId, appSecret: app.appSecret, baseUrl: url, store });
}

/** CPU and wall time spent so far, to be subtracted from a later reading. */
interface Meter {
  ms: number;
  client: NodeJS.CpuUsage;
  emulator: number | undefined;
  redis: number | undefined;
  machine: { busy: number; total: number } | undefined;
}

function meter(ctx: BenchContext): Meter {
  return {
    ms: performance.now(),
    client: process.cpuUsage(),
    emulator: processCpuMicros(ctx.emulator.pid),
    redis: processCpuMicros(ctx.redis.pid),
    machine: machineTicks(),
  };
}

/** Sums of what the chunks of one side used. */
class Tally {
  ms = 0;
  client = 0;
  emulator: number | null = 0;
  redis: number | null = 0;
  busy = 0;
  total = 0;

  add(start: Meter, end: Meter): void {
    const used = process.cpuUsage(start.client);
    this.ms += end.ms - start.ms;
    this.client += used.user + used.system;
    const diff = (a: number | undefined, b: number | undefined) =>
      a === undefined || b === undefined ? null : b - a;
    const emulator = diff(start.emulator, end.emulator);
    const redis = diff(start.redis, end.redis);
    this.emulator = this.emulator === null || emulator === null ? null : this.emulator + emulator;
    this.redis = this.redis === null || redis === null ? null : this.redis + redis;
    if (start.machine && end.machine) {
      this.busy += end.machine.busy - start.machine.busy;
      this.total += end.machine.total - start.machine.total;
    }
  }

  trial(n: number): Trial {
    return {
      perSecond: n / (this.ms / 1000),
      cpu: {
        client: this.client / n,
        emulator: this.emulator === null ? null : this.emulator / n,
        redis: this.redis === null ? null : this.redis / n,
      },
      machineBusy: this.total > 0 ? this.busy / this.total : null,
    };
  }
}

/**
 * Sends n messages through each of two variants, alternating between them in chunks (the
 * baseline's first unless `sdkFirst`), and times each side; throws unless the emulator delivered
 * exactly 2n messages and refused none.
 */
async function pairedTrial(
  ctx: BenchContext,
  sdk: Variant,
  base: Variant,
  n: number,
  c: number,
  sdkFirst: boolean,
): Promise<{ sdk: Trial; base: Trial }> {
  const runs = { sdk: await sdk.prepare(n), base: await base.prepare(n) };
  const tallies = { sdk: new Tally(), base: new Tally() };
  const before = await ctx.emulator.control.stats();
  const sides = sdkFirst ? (['sdk', 'base'] as const) : (['base', 'sdk'] as const);
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const from = Math.floor((chunk * n) / CHUNKS);
    const to = Math.floor(((chunk + 1) * n) / CHUNKS);
    for (const side of sides) {
      const start = meter(ctx);
      await runs[side](c, from, to);
      tallies[side].add(start, meter(ctx));
    }
  }
  const after = await ctx.emulator.control.stats();
  const delivered =
    after.sends.ok + after.subscribeSends.ok - before.sends.ok - before.subscribeSends.ok;
  const refused =
    sum(after.sends.failed) +
    sum(after.subscribeSends.failed) -
    sum(before.sends.failed) -
    sum(before.subscribeSends.failed);
  if (delivered !== 2 * n || refused !== 0) {
    throw new Error(
      `${sdk.name} + ${base.name}: ${delivered} of ${2 * n} sends delivered, ${refused} refused`,
    );
  }
  return { sdk: tallies.sdk.trial(n), base: tallies.base.trial(n) };
}

function rawVariant(
  ctx: BenchContext,
  kind: CreditKind,
  app: BenchApp,
  pool: Pool,
  token: () => Promise<string>,
  withRedis: { redis: Redis; prefix: string } | null,
): Variant {
  return {
    name: `${withRedis ? 'raw+redis' : 'raw'}${kind === 'template' ? '' : ':subscribe'}` as VariantName,
    async prepare(n) {
      const path = `${SEND_PATH[kind]}?access_token=${encodeURIComponent(await token())}`;
      const credits = await mintCredits(ctx.emulator.control, app, n, PER_USER[kind], kind);
      return floorRunner({
        kind,
        app,
        sends: sendOrder(credits),
        pool,
        path,
        redis: withRedis ? { client: withRedis.redis, prefix: withRedis.prefix } : undefined,
      });
    },
  };
}

function sdkVariant(
  ctx: BenchContext,
  kind: CreditKind,
  store: 'memory' | 'redis',
  app: BenchApp,
  client: WeChatClient,
  credits: Store,
): Variant {
  const pool = new FormIdPool({ store: credits, appId: app.appId });
  const notifier = new Notifier({ client, pool });
  const templateId = app.subscribeTemplate.id;
  return {
    name: `${store}${kind === 'template' ? '' : ':subscribe'}` as VariantName,
    async prepare(n) {
      await client.getAccessToken();
      const minted = await mintCredits(ctx.emulator.control, app, n, PER_USER[kind], kind);
      for (const user of minted.users) {
        if (kind === 'template') {
          await pool.ingest(
            user.openid,
            user.ids.map((formId) => ({ formId })),
          );
          continue;
        }
        // One push report per popup accepted: each is one acceptance.
        for (const reportId of user.ids) {
          await pool.acceptSubscriptions(user.openid, [templateId], { source: 'push', reportId });
        }
      }
      const openids = sendOrder(minted).map((send) => send.openid);
      const send =
        kind === 'template'
          ? (openid: string) =>
              notifier.notify({
                openid,
                template: app.template,
                data: DATA,
                page: PAGE,
                emphasis: EMPHASIS,
              })
          : (openid: string) =>
              notifier.notify({
                openid,
                template: app.subscribeTemplate,
                data: SUBSCRIBE_DATA,
                page: PAGE,
              });
      return (concurrency, from, to) =>
        runConcurrently(to, concurrency, (i) => send(openids[i] as string), from);
    },
  };
}

function medianCpu(trials: Trial[]): Record<string, number | null> {
  const of = (pick: (t: Trial) => number | null) => {
    const values = trials.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : Math.round(median(values) * 10) / 10;
  };
  return {
    client: of((t) => t.cpu.client),
    emulator: of((t) => t.cpu.emulator),
    redis: of((t) => t.cpu.redis),
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  list.push(value);
  map.set(key, list);
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
