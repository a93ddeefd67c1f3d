// Cold-start contention: 4 processes × 100 concurrent getAccessToken() on an empty Redis store
// must ask the (emulated) WeChat for exactly one token, through either token endpoint; and the
// stable endpoint, the default, must cost a starting server no more than the classic one.

import { createMemoryStore, WeChatClient } from '@wxtpl/server-sdk';
import { WeChatPath } from '@wxtpl/shared-types';
import { redisKeys } from '@wxtpl/testkit';
import { Worker } from './harness/child.js';
import type { BenchContext } from './harness/context.js';
import { registerBenchApp } from './harness/fixtures.js';
import { progress } from './harness/progress.js';
import type { BenchResult } from './harness/results.js';

const PROCESSES = 4;
const CONCURRENT = 100;
/** Stable may take this much longer than classic and still count as no worse (timer noise). */
const NO_WORSE = 1.1;

type TokenEndpoint = 'classic' | 'stable';
const PATH: Record<TokenEndpoint, string> = {
  classic: WeChatPath.token,
  stable: WeChatPath.stableToken,
};

interface Round {
  requests: number;
  distinct: number;
  ms: number;
}

export async function tokenContention(ctx: BenchContext): Promise<BenchResult[]> {
  const rounds = ctx.quick ? 3 : 21;
  const workers = Array.from(
    { length: PROCESSES },
    () => new Worker(new URL('./workers/token-worker.ts', import.meta.url)),
  );
  const results: Record<TokenEndpoint, Round[]> = { classic: [], stable: [] };
  const keys = redisKeys('bench-tokens', ctx.redis.url);
  try {
    await Promise.all(workers.map((w) => w.ready));
    for (let round = 0; round < rounds; round++) {
      // Alternate which endpoint goes first, so neither always meets a warmer machine.
      const order: TokenEndpoint[] =
        round % 2 === 0 ? ['classic', 'stable'] : ['stable', 'classic'];
      for (const tokenEndpoint of order) {
        // A new app and a new prefix: nothing cached anywhere.
        const app = await registerBenchApp(ctx.emulator.control, 'tok');
        const run = {
          redisUrl: ctx.redis.url,
          prefix: keys.prefix(),
          appId: app.appId,
          appSecret: app.appSecret,
          baseUrl: ctx.emulator.url,
          concurrent: CONCURRENT,
          tokenEndpoint,
        };
        await Promise.all(workers.map((w) => w.call('arm', run)));
        const before = await ctx.emulator.control.stats();
        const started = performance.now();
        const tokens = await Promise.all(workers.map((w) => w.call<string[]>('fire')));
        const ms = performance.now() - started;
        const after = await ctx.emulator.control.stats();
        const path = PATH[tokenEndpoint];
        const requests = (after.requests[path] ?? 0) - (before.requests[path] ?? 0);
        results[tokenEndpoint].push({ requests, distinct: new Set(tokens.flat()).size, ms });
        progress(
          `token contention (${tokenEndpoint}), round ${round + 1}/${rounds}: ${requests} request(s), ${new Set(tokens.flat()).size} distinct token(s), ${ms.toFixed(1)} ms`,
        );
      }
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await keys.cleanup();
  }
  const row = (tokenEndpoint: TokenEndpoint): BenchResult => {
    const list = results[tokenEndpoint];
    return {
      id: tokenEndpoint === 'classic' ? 'token.cold-start' : 'token.cold-start.stable',
      benchmark: `token requests (${PATH[tokenEndpoint]}), ${PROCESSES} processes × ${CONCURRENT} concurrent, cold Redis (worst of ${rounds})`,
      figure: Math.max(...list.map((r) => r.requests)),
      unit: 'request(s)',
      baseline: null,
      ratio: null,
      target: 'exactly 1',
      pass: list.every((r) => r.requests === 1 && r.distinct === 1),
      details: { rounds: list },
    };
  };
  const fetches = await fetchCost(ctx);
  return [
    row('classic'),
    row('stable'),
    {
      id: 'token.stable-vs-classic',
      benchmark: `one token fetch by a new client, stable_token (the default) ÷ /cgi-bin/token (median of ${fetches.pairs} paired fetches)`,
      figure: Number(fetches.stableMs.toFixed(2)),
      unit: 'ms',
      baseline: {
        label: '/cgi-bin/token',
        value: Number(fetches.classicMs.toFixed(2)),
        unit: 'ms',
      },
      ratio: fetches.ratio,
      target: `ratio ≤ ${NO_WORSE}`,
      pass: fetches.ratio <= NO_WORSE,
      ...(ctx.quick ? { indicative: true } : {}),
    },
  ];
}

/**
 * What the endpoint itself costs a starting server: a new client (own connection, memory store)
 * fetching its first token, stable and classic alternating so load lands on both; the ratio is
 * the median of the per-pair ratios.
 */
async function fetchCost(ctx: BenchContext) {
  const pairs = ctx.quick ? 21 : 201;
  const app = await registerBenchApp(ctx.emulator.control, 'tokcost');
  const once = async (tokenEndpoint: TokenEndpoint) => {
    const client = new WeChatClient({
      appId: app.appId,
      appSecret: app.appSecret,
      baseUrl: ctx.emulator.url,
      store: createMemoryStore(),
      tokenEndpoint,
    });
    const started = performance.now();
    await client.getAccessToken();
    const ms = performance.now() - started;
    await client.close();
    return ms;
  };
  const stable: number[] = [];
  const classic: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const [first, second]: [TokenEndpoint, TokenEndpoint] =
      i % 2 === 0 ? ['stable', 'classic'] : ['classic', 'stable'];
    const a = await once(first);
    const b = await once(second);
    const [s, c] = first === 'stable' ? [a, b] : [b, a];
    stable.push(s);
    classic.push(c);
    ratios.push(s / c);
  }
  progress(`token fetch cost: ${pairs} pairs`);
  return { pairs, stableMs: median(stable), classicMs: median(classic), ratio: median(ratios) };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
}
