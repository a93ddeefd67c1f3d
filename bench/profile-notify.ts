// Client CPU of `Notifier.notify`, for profiling; not part of `pnpm bench`.
//
//   node --import tsx bench/profile-notify.ts [--mode sdk|raw|stub] [--store memory|redis]
//        [--kind template|subscribe] [--n 50000] [--c 64] [--rounds 5] [--root DIR]
//        [--profile FILE.cpuprofile]
//
// `--store redis` keeps the credits in a private redis-server on a free port (as the benches do);
// its `raw` mode is the throughput bench's floor: a no-op script with the take's keys and
// arguments over a bare ioredis EVALSHA, then the raw POST. `--kind subscribe` sends subscribe
// messages, each paid by a one-time acceptance (20 per user; formIds: 50 per user).
//
// Modes: `sdk` sends through the Notifier to the emulator (its own process), `raw` POSTs the same
// pre-serialised bytes through undici's `dispatch` (the throughput bench's baseline), `stub`
// sends through the Notifier with undici's `Pool.prototype.dispatch` answering `{"errcode":0}`
// itself on the next turn (no socket, no emulator): the SDK's own CPU alone. `--root` loads
// `@wxtpl/server-sdk` from another checkout's build (compare two branches with alternating runs).
// `--profile` records a V8 CPU profile of the timed rounds only (read it with
// bench/profile-summary.ts); CPU figures of a profiled run are inflated by the profiler.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defineSubscribeTemplate, defineTemplate } from '@wxtpl/shared-types';
import { startEmulatorProcess, uniquePrefix } from '@wxtpl/testkit';
import { Pool } from 'undici';
import {
  type BenchApp,
  DATA,
  EMPHASIS,
  KEYWORDS,
  mintCredits,
  PAGE,
  registerBenchApp,
  SUBSCRIBE_DATA,
  SUBSCRIBE_KEYWORDS,
  sendOrder,
} from './harness/fixtures.js';
import { floorRunner } from './harness/floor.js';
import { type BenchRedis, bareRedis, startBenchRedis } from './harness/redis.js';
import { median, runConcurrently } from './harness/stats.js';

type Sdk = typeof import('@wxtpl/server-sdk');

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'sdk' },
    store: { type: 'string', default: 'memory' },
    kind: { type: 'string', default: 'template' },
    n: { type: 'string', default: '50000' },
    c: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '5' },
    root: { type: 'string', default: resolve(import.meta.dirname, '..') },
    profile: { type: 'string' },
  },
});
const mode = args.mode as 'sdk' | 'raw' | 'stub';
if (!['sdk', 'raw', 'stub'].includes(mode)) throw new Error(`unknown mode ${mode}`);
const storeKind = args.store as 'memory' | 'redis';
if (!['memory', 'redis'].includes(storeKind)) throw new Error(`unknown store ${storeKind}`);
const kind = args.kind as 'template' | 'subscribe';
if (!['template', 'subscribe'].includes(kind)) throw new Error(`unknown kind ${kind}`);
const PER_USER = kind === 'template' ? 50 : 20;
const SEND_PATH =
  kind === 'template' ? '/cgi-bin/message/wxopen/template/send' : '/cgi-bin/message/subscribe/send';
const n = Number(args.n);
const c = Number(args.c);
const rounds = Number(args.rounds);
const root = resolve(args.root);
const sdkEntry = resolve(root, 'packages/server-sdk/dist/index.js');
const sdk = (await import(sdkEntry)) as Sdk;

/** One round's figures. */
interface Round {
  cpuMicros: number;
  perSecond: number;
}

/** Sends `count` messages; `prepare` (untimed) readies them. */
type Prepare = (count: number) => Promise<(c: number, from: number, to: number) => Promise<void>>;

const STUB_ANSWER = Buffer.from('{"errcode":0,"errmsg":"ok"}');
const STUB_TOKEN = Buffer.from('{"access_token":"stub-access-token-0123456789","expires_in":7200}');

/**
 * Makes every undici Pool of the SDK's copy of undici answer at once: connect now, then on the
 * next turn (as a socket read would be) headers, body and end. A token request gets a token.
 */
function stubUndici(): void {
  const require = createRequire(resolve(root, 'packages/server-sdk/package.json'));
  const { Pool: SdkPool } = require('undici') as typeof import('undici');
  // biome-ignore lint/suspicious/noExplicitAny: a test double of undici's handler protocol
  SdkPool.prototype.dispatch = function dispatch(options: any, handler: any): boolean {
    const path = String(options.path).split('?')[0] as string;
    const answer = path.endsWith('token') ? STUB_TOKEN : STUB_ANSWER;
    handler.onConnect?.(() => {});
    setImmediate(() => {
      handler.onRequestSent?.();
      handler.onHeaders(200, [], () => {}, 'OK');
      handler.onData(answer);
      handler.onComplete([]);
    });
    return true;
  };
}

async function main(): Promise<void> {
  if (mode === 'stub') stubUndici();
  const emulator = mode === 'stub' ? undefined : await startEmulatorProcess();
  const app: BenchApp | undefined = emulator && (await registerBenchApp(emulator.control, 'prof'));
  const baseUrl = emulator?.url ?? 'http://127.0.0.1:9';
  const appId = app?.appId ?? 'wxprofilestub0001';
  const template =
    app?.template ??
    defineTemplate({ id: 'stubTemplateId', title: '酒店预订成功通知', keywords: KEYWORDS });
  const subscribeTemplate =
    app?.subscribeTemplate ??
    defineSubscribeTemplate({
      id: 'stubSubscribeTemplateId',
      title: '预订成功通知',
      keywords: SUBSCRIBE_KEYWORDS,
    });
  const benchRedis: BenchRedis | undefined =
    storeKind === 'redis' ? await startBenchRedis(undefined) : undefined;
  const prefix = uniquePrefix('bench-profile');
  const store = benchRedis
    ? sdk.createRedisStore(benchRedis.url, { prefix })
    : sdk.createMemoryStore();
  const rawRedis = benchRedis ? bareRedis(benchRedis.url) : undefined;
  const client = new sdk.WeChatClient({
    appId,
    appSecret: app?.appSecret ?? 'stub-secret',
    baseUrl,
    store,
  });
  const pool = new sdk.FormIdPool({ store, appId });
  const notifier = new sdk.Notifier({ client, pool });
  const raw = new Pool(baseUrl, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
  let stubSeq = 0;

  /** `count` credits over users of PER_USER, in the bench's send order. */
  const credits = async (count: number) => {
    if (app && emulator) {
      return sendOrder(await mintCredits(emulator.control, app, count, PER_USER, kind));
    }
    const users: { openid: string; ids: string[] }[] = [];
    for (let left = count; left > 0; left -= PER_USER) {
      const openid = `oStub${(stubSeq++).toString(36).padStart(8, '0')}`;
      const ids = Array.from({ length: Math.min(PER_USER, left) }, (_, k) => `${openid}-c-${k}`);
      users.push({ openid, ids });
    }
    return sendOrder({ users, total: count });
  };

  const prepareSdk: Prepare = async (count) => {
    await client.getAccessToken();
    const sends = await credits(count);
    const byUser = new Map<string, string[]>();
    for (const { openid, id } of sends) byUser.set(openid, [...(byUser.get(openid) ?? []), id]);
    for (const [openid, ids] of byUser) {
      if (kind === 'template') {
        await pool.ingest(
          openid,
          ids.map((formId) => ({ formId })),
        );
        continue;
      }
      // One push report per popup accepted: each is one acceptance.
      for (const reportId of ids) {
        await pool.acceptSubscriptions(openid, [subscribeTemplate.id], {
          source: 'push',
          reportId,
        });
      }
    }
    const openids = sends.map((send) => send.openid);
    const send =
      kind === 'template'
        ? (i: number) =>
            notifier.notify({
              openid: openids[i] as string,
              template,
              data: DATA,
              page: PAGE,
              emphasis: EMPHASIS,
            })
        : (i: number) =>
            notifier.notify({
              openid: openids[i] as string,
              template: subscribeTemplate,
              data: SUBSCRIBE_DATA,
              page: PAGE,
            });
    return (concurrency, from, to) => runConcurrently(to, concurrency, send, from);
  };

  const prepareRaw: Prepare = async (count) => {
    const token = await client.getAccessToken();
    return floorRunner({
      kind,
      app: { appId, template, subscribeTemplate },
      sends: await credits(count),
      pool: raw,
      path: `${SEND_PATH}?access_token=${encodeURIComponent(token)}`,
      redis: rawRedis === undefined ? undefined : { client: rawRedis, prefix },
    });
  };

  const prepare = mode === 'raw' ? prepareRaw : prepareSdk;
  /** The profiler, recording the last timed round's sends only (not their preparation). */
  let session: Session | undefined;
  const timed = async (count: number, profile = false): Promise<Round> => {
    const run = await prepare(count);
    if (profile) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
    }
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run(c, 0, count);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (profile && session !== undefined && args.profile !== undefined) {
      const { profile: recorded } = await session.post('Profiler.stop');
      writeFileSync(args.profile, JSON.stringify(recorded));
      session.disconnect();
    }
    return { cpuMicros: (used.user + used.system) / count, perSecond: count / (ms / 1000) };
  };

  try {
    // Warm-up: JIT, sockets, the token.
    await timed(Math.min(n, 5000));
    await timed(Math.min(n, 5000));
    const results: Round[] = [];
    for (let round = 0; round < rounds; round++) {
      const result = await timed(n, args.profile !== undefined && round === rounds - 1);
      results.push(result);
      process.stderr.write(
        `round ${round + 1}: ${result.cpuMicros.toFixed(1)} µs/msg, ${Math.round(result.perSecond)}/s\n`,
      );
    }
    const cpu = results.map((r) => r.cpuMicros);
    const summary = {
      mode,
      store: storeKind,
      kind,
      root,
      n,
      c,
      cpuMicrosBest: round1(Math.min(...cpu)),
      cpuMicrosMedian: round1(median(cpu)),
      perSecondMedian: Math.round(median(results.map((r) => r.perSecond))),
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await client.close();
    await raw.close();
    if ('close' in store && typeof store.close === 'function') await store.close();
    rawRedis?.disconnect();
    await benchRedis?.stop();
    await emulator?.close();
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

await main();
