// Cold-start contention: 4 processes × 100 concurrent getAccessToken() on an empty Redis store
// must fetch exactly one token from the (emulated) WeChat.

import { redisKeys } from '@wxtpl/testkit';
import { Worker } from './harness/child.js';
import type { BenchContext } from './harness/context.js';
import { registerBenchApp } from './harness/fixtures.js';
import { progress } from './harness/progress.js';
import type { BenchResult } from './harness/results.js';

const PROCESSES = 4;
const CONCURRENT = 100;

export async function tokenContention(ctx: BenchContext): Promise<BenchResult[]> {
  const rounds = ctx.quick ? 1 : 3;
  const workers = Array.from(
    { length: PROCESSES },
    () => new Worker(new URL('./workers/token-worker.ts', import.meta.url)),
  );
  const issued: number[] = [];
  const distinct: number[] = [];
  const keys = redisKeys('bench-tokens', ctx.redis.url);
  try {
    await Promise.all(workers.map((w) => w.ready));
    for (let round = 0; round < rounds; round++) {
      // A new app and a new prefix: nothing cached anywhere.
      const app = await registerBenchApp(ctx.emulator.control, 'tok');
      const run = {
        redisUrl: ctx.redis.url,
        prefix: keys.prefix(),
        appId: app.appId,
        appSecret: app.appSecret,
        baseUrl: ctx.emulator.url,
        concurrent: CONCURRENT,
      };
      await Promise.all(workers.map((w) => w.call('arm', run)));
      const before = await ctx.emulator.control.stats();
      const tokens = await Promise.all(workers.map((w) => w.call<string[]>('fire')));
      const after = await ctx.emulator.control.stats();
      issued.push(after.tokensIssued - before.tokensIssued);
      distinct.push(new Set(tokens.flat()).size);
      progress(
        `token contention, round ${round + 1}/${rounds}: ${issued.at(-1)} token(s) issued, ${distinct.at(-1)} distinct token(s) served`,
      );
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await keys.cleanup();
  }
  const worst = Math.max(...issued);
  return [
    {
      id: 'token.cold-start',
      benchmark: `token fetches, ${PROCESSES} processes × ${CONCURRENT} concurrent, cold Redis (worst of ${rounds})`,
      figure: worst,
      unit: 'token fetch(es)',
      baseline: null,
      ratio: null,
      target: 'exactly 1',
      pass: issued.every((n) => n === 1) && distinct.every((n) => n === 1),
      details: { issuedPerRound: issued, distinctTokensPerRound: distinct },
    },
  ];
}
