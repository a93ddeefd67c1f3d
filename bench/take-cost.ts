// What one take costs Redis and the client, next to the throughput bench's floor (a no-op script
// carrying the same keys and arguments): Redis CPU per call (the redis-server process, from
// /proc), the time INFO commandstats counts inside EVALSHA, and the client's CPU per call — for
// the template take and the subscribe take, each through the store API and as a bare ioredis
// EVALSHA of the same script (the difference is the SDK's own client-side cost). Users hold
// credits as in the throughput bench (50 formIds, or 20 acceptances of one template), and takes
// go round-robin over them. Info rows only: the throughput rows carry the targets.
//
// Alone: `pnpm exec tsx bench/take-cost.ts [--quick]` (a private redis-server on a free port);
// `--instructions` runs that redis-server under valgrind's callgrind and adds the instructions it
// runs per call: a count the machine's other jobs do not move, unlike CPU time.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createRedisStore, type RedisStore } from '@wxtpl/server-sdk';
import { CREDIT_TTL_MS } from '@wxtpl/shared-types';
import { deleteKeys, startPrivateRedis, uniquePrefix } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import {
  TAKE_SCRIPT,
  TAKE_SUBSCRIPTION_SCRIPT,
} from '../packages/server-sdk/src/store/redis-scripts.js';
import { processCpuMicros } from './harness/cpu.js';
import { progress } from './harness/progress.js';
import { type BenchRedis, bareRedis, startBenchRedis } from './harness/redis.js';
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
  /** Instructions redis-server ran per call (only under callgrind, `--instructions`). */
  instructions?: number;
}

interface Setup {
  redis: Redis;
  store: RedisStore;
  prefix: string;
  shas: { noop: string; take: string; takeSubscription: string };
}

interface Ctx {
  redis: BenchRedis;
  quick: boolean;
  /** Counts redis-server's instructions (it runs under callgrind): one small round. */
  callgrind?: Callgrind;
}

export async function takeCost(ctx: Ctx): Promise<BenchResult[]> {
  const n = ctx.callgrind ? 2000 : ctx.quick ? 8000 : 12_000;
  const rounds = ctx.callgrind ? 1 : ctx.quick ? 3 : 5;
  const prefix = uniquePrefix('bench-take-cost');
  const redis = bareRedis(ctx.redis.url);
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
    for (const variant of VARIANTS) await measure(ctx, setup, variant, ctx.callgrind ? 200 : 1000);
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
    const instructions = medianOf(list.map((s) => s.instructions ?? null));
    progress(
      `take cost ${variant}: Redis ${fmt(redisCpu)} µs CPU/call (EVALSHA ${fmt(evalsha)} µs${instructions === null ? '' : `, ${Math.round(instructions)} instructions`}), client ${fmt(client)} µs CPU/call`,
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
        ...(instructions === null ? {} : { redisInstructions: Math.round(instructions) }),
        rounds: list.length,
        n,
        samples: list,
      },
    });
  }
  if (!ctx.callgrind) rows.push(await clientOverhead(ctx.quick));
  return rows;
}

/**
 * The store API's own client-side cost: CPU per take through `store.credits.take` less that of a
 * bare `evalsha` building the same keys and splitting the same reply, with Redis answered in this
 * process (ioredis' sendCommand stubbed): no socket, no Redis, so none of their noise. Paired
 * rounds, alternating; the median difference.
 */
export async function clientOverhead(quick: boolean): Promise<BenchResult> {
  const n = quick ? 50_000 : 200_000;
  const rounds = quick ? 5 : 11;
  const redis = new Redis({ lazyConnect: true });
  const reply = `taken\tform\t${randomBytes(16).toString('hex')}\t1765104000000\t0\t1764500000000`;
  Object.assign(redis, {
    sendCommand(command: { resolve(value: unknown): void; promise: Promise<unknown> }) {
      command.resolve(reply);
      return command.promise;
    },
  });
  Object.defineProperty(redis, 'status', { get: () => 'ready' });
  const store = createRedisStore(redis, { prefix: 'wxtpl:' });
  const owner = { appId: APP, openid: `o${'x'.repeat(27)}` };
  const takePrefix = randomUUID();
  const sha = '0'.repeat(40);
  const viaStore = async () => {
    for (let i = 0; i < n; i++) {
      await store.credits.take(owner, {
        now: Date.now(),
        takeId: `${takePrefix}.${i.toString(36)}`,
      });
    }
  };
  const bare = async () => {
    for (let i = 0; i < n; i++) {
      const base = `wxtpl:c:{${owner.appId.length}:${owner.appId}:${owner.openid}}:`;
      const answer = (await redis.evalsha(
        sha,
        5,
        `${base}live`,
        `${base}uses`,
        `${base}meta`,
        `${base}sent`,
        `${base}takes`,
        Date.now(),
        `${takePrefix}.${i.toString(36)}`,
        0,
        0,
      )) as string;
      answer.split('\t');
    }
  };
  const cpu = async (run: () => Promise<void>) => {
    const start = process.cpuUsage();
    await run();
    const used = process.cpuUsage(start);
    return ((used.user + used.system) * 1000) / n;
  };
  const storeCpu: number[] = [];
  const bareCpu: number[] = [];
  await viaStore();
  await bare();
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      storeCpu.push(await cpu(viaStore));
      bareCpu.push(await cpu(bare));
    } else {
      bareCpu.push(await cpu(bare));
      storeCpu.push(await cpu(viaStore));
    }
  }
  const differences = storeCpu.map((s, i) => s - (bareCpu[i] as number));
  const overhead = Math.round(median(differences));
  progress(
    `take cost: the store API's own client CPU per take ${overhead} ns (store ${Math.round(median(storeCpu))} ns, bare evalsha ${Math.round(median(bareCpu))} ns, Redis answered in-process)`,
  );
  return {
    id: 'take-cost.client-overhead',
    benchmark:
      "take cost: the store API's own client CPU per take over a bare evalsha (Redis answered in-process)",
    figure: overhead,
    unit: 'ns',
    baseline: { label: 'bare evalsha', value: Math.round(median(bareCpu)), unit: 'ns' },
    ratio: null,
    target: 'info',
    pass: true,
    info: true,
    details: { n, rounds, storeNs: storeCpu.map(Math.round), bareNs: bareCpu.map(Math.round) },
  };
}

function label(variant: VariantName): string {
  const kind = variant.includes('subscribe') ? 'subscribe' : 'template';
  if (variant.startsWith('noop')) return `${kind}, no-op script with the take's keys and args`;
  return variant.endsWith('bare')
    ? `${kind} take script, bare ioredis EVALSHA`
    : `${kind} take, store API`;
}

/** One timed run of n calls of a variant, on fresh data where it spends. */
async function measure(ctx: Ctx, setup: Setup, variant: VariantName, n: number): Promise<Sample> {
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
  await ctx.callgrind?.zero();
  const redisBefore = processCpuMicros(ctx.redis.pid);
  const clientBefore = process.cpuUsage();
  await runConcurrently(n, CONCURRENCY, op);
  const client = process.cpuUsage(clientBefore);
  const redisAfter = processCpuMicros(ctx.redis.pid);
  const instructions = await ctx.callgrind?.count();
  const statsAfter = await evalshaStats(redis);
  return {
    ...(instructions === undefined ? {} : { instructions: instructions / n }),
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

/** A redis-server under valgrind's callgrind: instructions counted between zero() and count(). */
interface Callgrind {
  zero(): Promise<void>;
  /** Instructions since the last zero(). */
  count(): Promise<number>;
}

async function startCallgrindRedis(): Promise<{ redis: BenchRedis; callgrind: Callgrind }> {
  // callgrind's dumps live outside the server's own dir, which its stop removes.
  const dir = mkdtempSync(join(tmpdir(), 'wxtpl-take-cost-'));
  const out = join(dir, 'callgrind.out');
  const server = await startPrivateRedis({
    wrapper: ['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`],
    startTimeoutMs: 60_000,
  });
  const pid = String(server.pid);
  const control = promisify(execFile);
  let dumps = 0;
  return {
    redis: {
      url: server.url,
      isPrivate: true,
      pid: server.pid,
      stop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    },
    callgrind: {
      async zero() {
        await control('callgrind_control', ['-z', pid]);
      },
      async count() {
        await control('callgrind_control', ['-d', pid]);
        dumps += 1;
        const text = readFileSync(`${out}.${dumps}`, 'utf8');
        return Number(/^summary: (\d+)/m.exec(text)?.[1] ?? Number.NaN);
      },
    },
  };
}

// Run alone: its own private Redis (under callgrind with --instructions), no emulator.
if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const counted = process.argv.includes('--instructions') ? await startCallgrindRedis() : undefined;
  const redis = counted?.redis ?? (await startBenchRedis(undefined));
  try {
    const rows = await takeCost({ redis, quick, callgrind: counted?.callgrind });
    for (const row of rows) {
      if (row.unit === 'ns') {
        process.stdout.write(
          `${row.id.padEnd(32)} ${row.figure} ns (bare evalsha ${row.baseline?.value} ns)\n`,
        );
        continue;
      }
      const d = row.details as Record<string, number | null>;
      process.stdout.write(
        `${row.id.padEnd(32)} redis ${fmt(d.redisCpuMicros ?? null).padStart(6)} µs  evalsha ${fmt(d.evalshaUsecPerCall ?? null).padStart(6)} µs  client ${fmt(d.clientCpuMicros ?? null).padStart(6)} µs${d.redisInstructions ? `  redis ${d.redisInstructions} instructions` : ''}\n`,
      );
    }
  } finally {
    await redis.stop();
  }
}
