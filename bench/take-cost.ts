// What one take costs Redis and the client, next to the throughput bench's floor (a no-op script
// carrying the same keys and arguments): Redis CPU per call (the redis-server process, from
// /proc), the time INFO commandstats counts inside EVALSHA, and the client's CPU per call — for
// the template take and the subscribe take, each through the store API and as a bare ioredis
// EVALSHA of the same script (the difference is the SDK's own client-side cost). Users hold
// credits as in the throughput bench (50 formIds, or 20 acceptances of one template), and takes
// go round-robin over them. Info rows only: the throughput rows carry the targets.
//
// Alone: `pnpm exec tsx bench/take-cost.ts [--quick]` (a private redis-server on a free port).
import { randomBytes, randomUUID } from 'node:crypto';
import { createRedisStore, type RedisStore } from '@wxtpl/server-sdk';
import { CREDIT_TTL_MS } from '@wxtpl/shared-types';
import { deleteKeys, uniquePrefix } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import {
  TAKE_SCRIPT,
  TAKE_SUBSCRIPTION_SCRIPT,
} from '../packages/server-sdk/src/store/redis-scripts.js';
import { processCpuMicros } from './harness/cpu.js';
import { progress } from './harness/progress.js';
import { type BenchRedis, startBenchRedis } from './harness/redis.js';
import type { BenchResult } from './harness/results.js';
import { median, runConcurrently } from './harness/stats.js';

const CONCURRENCY = 64;
const PER_USER = { template: 50, subscribe: 20 } as const;
const APP = 'wxbenchtakecost01';
const TEMPLATE = randomBytes(32).toString('base64url');
const NOOP = 'return 1';

type Kind = keyof typeof PER_USER;
type VariantName =
  | 'noop'
  | 'take'
  | 'take:bare'
  | 'noop:subscribe'
  | 'take:subscribe'
  | 'take:subscribe:bare';
const VARIANTS: VariantName[] = [
  'noop',
  'take',
  'take:bare',
  'noop:subscribe',
  'take:subscribe',
  'take:subscribe:bare',
];

interface Sample {
  redis: number | null;
  evalshaUsec: number;
  client: number;
}

interface Setup {
  redis: Redis;
  store: RedisStore;
  prefix: string;
  shas: { noop: string; take: string; takeSubscription: string };
}

export async function takeCost(ctx: { redis: BenchRedis; quick: boolean }): Promise<BenchResult[]> {
  const n = ctx.quick ? 4000 : 12_000;
  const rounds = ctx.quick ? 3 : 5;
  const prefix = uniquePrefix('bench-take-cost');
  const redis = new Redis(ctx.redis.url);
  const store = createRedisStore(ctx.redis.url, { prefix });
  const setup: Setup = {
    redis,
    store,
    prefix,
    shas: {
      noop: (await redis.script('LOAD', NOOP)) as string,
      take: (await redis.script('LOAD', TAKE_SCRIPT)) as string,
      takeSubscription: (await redis.script('LOAD', TAKE_SUBSCRIPTION_SCRIPT)) as string,
    },
  };
  const samples = new Map<VariantName, Sample[]>(VARIANTS.map((v) => [v, []]));
  try {
    // Warm-up: JIT, the store's scripts loaded, sockets open.
    for (const variant of VARIANTS) await measure(ctx, setup, variant, 1000);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const sample = await measure(ctx, setup, variant, n);
        samples.get(variant)?.push(sample);
      }
      progress(`take cost: round ${round + 1}/${rounds}`);
    }
  } finally {
    await deleteKeys(redis, prefix);
    await store.close();
    redis.disconnect();
  }
  const rows: BenchResult[] = [];
  for (const variant of VARIANTS) {
    const list = samples.get(variant) ?? [];
    const redisCpu = medianOf(list.map((s) => s.redis));
    const evalsha = medianOf(list.map((s) => s.evalshaUsec));
    const client = medianOf(list.map((s) => s.client));
    progress(
      `take cost ${variant}: Redis ${fmt(redisCpu)} µs CPU/call (EVALSHA ${fmt(evalsha)} µs), client ${fmt(client)} µs CPU/call`,
    );
    rows.push({
      id: `take-cost.${variant}`,
      benchmark: `take cost, ${label(variant)}: Redis CPU per call (c=${CONCURRENCY})`,
      figure: redisCpu ?? Number.NaN,
      unit: 'µs',
      baseline: null,
      ratio: null,
      target: 'info',
      pass: true,
      info: true,
      details: {
        redisCpuMicros: redisCpu,
        evalshaUsecPerCall: evalsha,
        clientCpuMicros: client,
        rounds: list.length,
        n,
        samples: list,
      },
    });
  }
  return rows;
}

function label(variant: VariantName): string {
  const kind = variant.includes('subscribe') ? 'subscribe' : 'template';
  if (variant.startsWith('noop')) return `${kind}, no-op script with the take's keys and args`;
  return variant.endsWith('bare')
    ? `${kind} take script, bare ioredis EVALSHA`
    : `${kind} take, store API`;
}

/** One timed run of n calls of a variant, on fresh data where it spends. */
async function measure(
  ctx: { redis: BenchRedis },
  setup: Setup,
  variant: VariantName,
  n: number,
): Promise<Sample> {
  const kind: Kind = variant.includes('subscribe') ? 'subscribe' : 'template';
  const owners = await fill(setup, kind, n);
  const { redis, store, prefix, shas } = setup;
  const keysOf = (openid: string) => {
    const base = `${prefix}c:{${APP.length}:${APP}:${openid}}:`;
    return kind === 'template'
      ? [`${base}live`, `${base}uses`, `${base}meta`, `${base}sent`, `${base}takes`]
      : [`${base}subs:${TEMPLATE}`, `${base}lt`, `${base}sent`, `${base}takes`, `${base}tpl`];
  };
  const takePrefix = randomUUID();
  const calls = owners.map((openid, i) => ({
    openid,
    keys: keysOf(openid),
    takeId: `${takePrefix}.${i.toString(36)}`,
  }));
  const extra = kind === 'template' ? [] : [TEMPLATE];
  let op: (i: number) => Promise<unknown>;
  if (variant.startsWith('noop')) {
    op = (i) => {
      const c = calls[i] as (typeof calls)[number];
      return redis.evalsha(shas.noop, 5, ...c.keys, Date.now(), c.takeId, 0, 0, ...extra);
    };
  } else if (variant.endsWith('bare')) {
    const sha = kind === 'template' ? shas.take : shas.takeSubscription;
    op = (i) => {
      const c = calls[i] as (typeof calls)[number];
      return redis.evalsha(sha, 5, ...c.keys, Date.now(), c.takeId, 0, 0, ...extra);
    };
  } else {
    const templateId = kind === 'template' ? undefined : TEMPLATE;
    op = async (i) => {
      const c = calls[i] as (typeof calls)[number];
      const outcome = await store.credits.take(
        { appId: APP, openid: c.openid },
        { now: Date.now(), takeId: c.takeId, templateId, limit: undefined },
      );
      if (outcome.kind !== 'credit') throw new Error(`take cost: ${variant} took ${outcome.kind}`);
    };
  }
  const statsBefore = await evalshaStats(redis);
  const redisBefore = processCpuMicros(ctx.redis.pid);
  const clientBefore = process.cpuUsage();
  await runConcurrently(n, CONCURRENCY, op);
  const client = process.cpuUsage(clientBefore);
  const redisAfter = processCpuMicros(ctx.redis.pid);
  const statsAfter = await evalshaStats(redis);
  return {
    redis:
      redisBefore === undefined || redisAfter === undefined ? null : (redisAfter - redisBefore) / n,
    evalshaUsec: (statsAfter.usec - statsBefore.usec) / (statsAfter.calls - statsBefore.calls),
    client: (client.user + client.system) / n,
  };
}

/** Fresh users holding n credits in all, as the throughput bench fills them; the take order. */
async function fill(setup: Setup, kind: Kind, n: number): Promise<string[]> {
  const perUser = PER_USER[kind];
  const now = Date.now();
  const users: string[] = [];
  const limits = { maxCredits: 100, maxRemembered: 500, maxTemplates: 20, maxPerTemplate: 20 };
  for (let left = n; left > 0; left -= perUser) {
    const openid = `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
    const count = Math.min(perUser, left);
    const owner = { appId: APP, openid };
    if (kind === 'template') {
      const credits = Array.from({ length: count }, () => ({
        id: randomBytes(16).toString('hex'),
        source: 'form' as const,
        quota: 1,
        expiresAt: now + CREDIT_TTL_MS,
      }));
      await setup.store.credits.insert(owner, credits, { now, limits });
    } else {
      const reports = Array.from({ length: count }, () => ({
        reportId: randomUUID(),
        templateId: TEMPLATE,
        source: 'push' as const,
        longTerm: false,
        at: now,
        expiresAt: Number.POSITIVE_INFINITY,
      }));
      await setup.store.credits.accept(owner, reports, { now, pairWindowMs: 60_000, limits });
    }
    users.push(openid);
  }
  const order: string[] = [];
  for (let k = 0; k < perUser; k++) {
    for (let u = 0; u < users.length; u++) {
      if (u * perUser + k < n) order.push(users[u] as string);
    }
  }
  return order;
}

async function evalshaStats(redis: Redis): Promise<{ calls: number; usec: number }> {
  const info = await redis.info('commandstats');
  const match = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(info);
  return { calls: Number(match?.[1] ?? 0), usec: Number(match?.[2] ?? 0) };
}

function medianOf(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return known.length === 0 ? null : Math.round(median(known) * 10) / 10;
}

function fmt(value: number | null): string {
  return value === null ? '—' : value.toFixed(1);
}

// Run alone: its own private Redis, no emulator.
if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const redis = await startBenchRedis(undefined);
  try {
    const rows = await takeCost({ redis, quick });
    for (const row of rows) {
      const d = row.details as Record<string, number | null>;
      process.stdout.write(
        `${row.id.padEnd(32)} redis ${fmt(d.redisCpuMicros ?? null).padStart(6)} µs  evalsha ${fmt(d.evalshaUsecPerCall ?? null).padStart(6)} µs  client ${fmt(d.clientCpuMicros ?? null).padStart(6)} µs\n`,
      );
    }
  } finally {
    await redis.stop();
  }
}
