import { setTimeout as sleep } from 'node:timers/promises';
import { CREDIT_TTL_MS } from '@wxtpl/shared-types';
import { manualClock, openTestStore, type TestStore } from '@wxtpl/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCollectHandler } from '../src/collect/index.js';
import { CreditPool, type CreditPoolOptions, RateLimitedError } from '../src/pool/index.js';
import { createMemoryStore } from '../src/store/index.js';

const APP = 'wxbounds';
const MINUTE = 60_000;

describe.each(['memory', 'redis'] as const)('per-user bounds on %s', (kind) => {
  let testStore: TestStore;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    testStore = await openTestStore(kind);
    clock = manualClock();
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  /** A pool of the test app over this store, on the test's clock. */
  const poolOf = (options: Partial<CreditPoolOptions> = {}) =>
    new CreditPool({ store: testStore.store, appId: APP, now: clock.now, ...options });

  const ids = (prefix: string, n: number, ageMs = 0) =>
    Array.from({ length: n }, (_, i) => ({
      formId: `${prefix}-${i}`,
      createdAt: clock.now() - ageMs,
    }));

  it('remembers at most maxRememberedPerUser ids, forgetting spent ones first', async () => {
    const pool = poolOf({ maxCreditsPerUser: 5, maxRememberedPerUser: 20, uploadLimit: false });
    for (let round = 0; round < 10; round++) {
      await pool.ingest('flooder', ids(`r${round}`, 10, (10 - round) * 1000));
    }
    const credits = await pool.credits('flooder');
    expect(credits).toHaveLength(5);
    if (testStore.inspector) {
      const base = `${testStore.store.prefix}c:{${APP.length}:${APP}:flooder}:`;
      expect(await testStore.inspector.zcard(`${base}seen`)).toBe(20);
      expect(await testStore.inspector.hlen(`${base}meta`)).toBe(20);
      expect(await testStore.inspector.zcard(`${base}live`)).toBe(5);
    }
    // The live credits are never forgotten: uploading them again is still a duplicate.
    const again = await pool.ingest(
      'flooder',
      credits.map((c) => ({ formId: c.id, createdAt: clock.now() })),
    );
    expect(again.duplicates).toHaveLength(5);
    expect(await pool.available('flooder')).toBe(5);
  });

  it('drops expired remembered ids in bounded steps', async () => {
    const pool = poolOf({
      maxCreditsPerUser: 3000,
      maxRememberedPerUser: 5000,
      uploadLimit: false,
    });
    for (let batch = 0; batch < 30; batch++) {
      await pool.ingest('many', ids(`b${batch}`, 100, CREDIT_TTL_MS - 20 * MINUTE));
    }
    expect(await pool.available('many')).toBe(3000);
    clock.advance(15 * MINUTE);
    await pool.ingest('many', ids('fresh', 1));
    if (testStore.inspector) {
      const base = `${testStore.store.prefix}c:{${APP.length}:${APP}:many}:`;
      // One script call removed one step of 500 expired ids, not all 3000.
      expect(await testStore.inspector.zcard(`${base}seen`)).toBe(3000 - 500 + 1);
    }
    expect(await pool.available('many')).toBe(1);
    // The purge finishes the job, step by step (the memory store needs no steps).
    expect(await pool.purgeExpired()).toBe(kind === 'redis' ? 2500 : 0);
    expect(await pool.available('many')).toBe(1);
  });

  it('rate-limits uploads per user, and the collect handler answers 429 with Retry-After', async () => {
    const store = kind === 'memory' ? createMemoryStore({ now: clock.now }) : testStore.store;
    const pool = poolOf({ store, uploadLimit: { max: 3, windowMs: 300 } });
    for (let i = 0; i < 3; i++) await pool.ingest('uploader', ids(`u${i}`, 1));
    await expect(pool.ingest('uploader', ids('u3', 1))).rejects.toBeInstanceOf(RateLimitedError);
    // Another user is not affected.
    expect((await pool.ingest('someone-else', ids('e', 1))).accepted).toHaveLength(1);
    const handler = createCollectHandler({ pool, resolveOpenid: () => 'uploader' });
    const response = await handler(
      new Request('https://app.example/formids', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [{ formId: 'u4', createdAt: clock.now() }] }),
      }),
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ error: 'rate_limited' });
    if (kind === 'memory') clock.advance(301);
    else await sleep(400);
    expect((await pool.ingest('uploader', ids('u5', 1))).accepted).toEqual(['u5-0']);
    expect(await pool.available('uploader')).toBe(4);
  });

  it("keeps apps apart even when ids contain ':'", async () => {
    const a = poolOf({ appId: 'wxA' });
    const b = poolOf({ appId: 'wxA:x' });
    await a.ingest('x:y', ids('a', 1));
    expect(await b.available('y')).toBe(0);
    expect((await b.take('y')).kind).toBe('none');
    expect(await a.available('x:y')).toBe(1);
  });

  it('makes a take idempotent by its id, and a give-back by its id exact', async () => {
    const pool = poolOf();
    await pool.addPrepayId('taker', 'p-1');
    const owner = { appId: APP, openid: 'taker' };
    const request = { now: clock.now(), takeId: 'take-1' };
    const first = await testStore.store.credits.take(owner, request);
    const repeated = await testStore.store.credits.take(owner, request);
    expect(repeated).toEqual({ ...first, replayed: 'taken' });
    expect(await pool.available('taker')).toBe(2);
    const taken = { takeId: 'take-1', id: 'p-1' };
    expect(await testStore.store.credits.restore(owner, taken, { now: clock.now() })).toBe(true);
    expect(await testStore.store.credits.restore(owner, taken, { now: clock.now() })).toBe(false);
    expect(await pool.available('taker')).toBe(3);
    // A give-back for a take that never ran restores nothing.
    const never = { takeId: 'never', id: 'p-1' };
    expect(await testStore.store.credits.restore(owner, never, { now: clock.now() })).toBe(false);
    expect(await pool.available('taker')).toBe(3);
  });
});
