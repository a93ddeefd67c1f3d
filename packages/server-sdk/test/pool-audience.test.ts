import {
  manualClock,
  openTestStore,
  type PrivateRedis,
  startPrivateRedis,
  type TestStore,
} from '@wxtpl/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CreditPool } from '../src/pool/index.js';
import { createRedisStore } from '../src/store/index.js';

const APP = 'wxaudience';
const T = 'tplAudienceAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1';

describe.each(['memory', 'redis'] as const)('the audience index on %s', (kind) => {
  let testStore: TestStore;
  let pool: CreditPool;

  beforeEach(async () => {
    testStore = await openTestStore(kind);
    pool = new CreditPool({ store: testStore.store, appId: APP, now: manualClock().now });
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  const audience = async (pageSize = 7) => {
    const seen: string[] = [];
    for await (const page of pool.audience(T, { pageSize })) {
      expect(page.length).toBeLessThanOrEqual(pageSize * 2);
      seen.push(...page);
    }
    return [...new Set(seen)].sort();
  };

  it('drops a user once their last acceptance is spent or revoked, and keeps one who has more', async () => {
    for (let i = 0; i < 30; i++) await pool.acceptSubscriptions(`u${i}`, [T]);
    await pool.acceptSubscriptions('u0', [T]);
    expect(await audience()).toHaveLength(30);
    for (const openid of ['u0', 'u1', 'u2']) {
      expect((await pool.take(openid, { templateId: T })).kind).toBe('credit');
    }
    await pool.revokeSubscription('u3', T);
    // The prune after a take runs beside the send, not before it: wait for it (bounded).
    let left = await audience();
    for (let i = 0; i < 50 && left.length > 27; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = await audience();
    }
    expect(left).toContain('u0');
    expect(left).not.toContain('u1');
    expect(left).not.toContain('u2');
    expect(left).not.toContain('u3');
    expect(left).toHaveLength(27);
    // Accepting again brings the user back.
    await pool.acceptSubscriptions('u1', [T]);
    expect(await audience()).toContain('u1');
  });

  it('streams every user holding an acceptance throughout, while others come and go between pages', async () => {
    for (let i = 0; i < 100; i++) await pool.acceptSubscriptions(`s${i}`, [T]);
    const seen: string[] = [];
    let round = 0;
    for await (const page of pool.audience(T, { pageSize: 10 })) {
      seen.push(...page);
      // Spend someone not yet seen and add a newcomer: those present throughout must all come.
      round += 1;
      await pool.take(`s${99 - round}`, { templateId: T });
      await pool.acceptSubscriptions(`new${round}`, [T]);
    }
    const kept = Array.from({ length: 100 }, (_, i) => `s${i}`).filter((id) => {
      const n = Number(id.slice(1));
      return n < 99 - round;
    });
    for (const id of kept) expect(seen).toContain(id);
  });

  it('replays a take under the same id without spending, and takes afresh after a give-back', async () => {
    await pool.acceptSubscriptions('r', [T]);
    await pool.acceptSubscriptions('r', [T]);
    const first = await pool.take('r', { templateId: T, takeId: 'cmp:1' });
    expect(first.kind === 'credit' && first.replayed).toBeUndefined();
    const again = await pool.take('r', { templateId: T, takeId: 'cmp:1' });
    expect(again.kind === 'credit' && again.replayed).toBe('taken');
    expect(await pool.available('r', { templateId: T })).toBe(1);
    if (first.kind !== 'credit') throw new Error('no credit');
    await first.lease.giveBack();
    expect(await pool.available('r', { templateId: T })).toBe(2);
    const fresh = await pool.take('r', { templateId: T, takeId: 'cmp:1' });
    expect(fresh.kind === 'credit' && fresh.replayed).toBeUndefined();
    expect(await pool.available('r', { templateId: T })).toBe(1);
    if (fresh.kind !== 'credit') throw new Error('no credit');
    await fresh.lease.drop();
    const dropped = await pool.take('r', { templateId: T, takeId: 'cmp:1' });
    expect(dropped.kind === 'credit' && dropped.replayed).toBe('dropped');
  });

  it('puts a user back in the audience when the take of their last acceptance is given back', async () => {
    await pool.acceptSubscriptions('g', [T]);
    const taken = await pool.take('g', { templateId: T });
    if (taken.kind !== 'credit') throw new Error('no credit');
    // The prune after the take runs beside the send: wait for it (bounded).
    for (let i = 0; i < 50 && (await audience()).includes('g'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await audience()).not.toContain('g');
    await taken.lease.giveBack();
    expect(await audience()).toContain('g');
  });
});

describe('the audience of a Redis that restarts mid-stream', () => {
  let redis: PrivateRedis;
  afterEach(async () => {
    await redis?.stop();
  });

  // A campaign's planner keeps its cursor in Redis and resumes after a crash: the cursor must mean
  // the same thing in the restarted server, whose tables are rebuilt (a ZSCAN cursor would not).
  it('resumes from its cursor after the restart and still reaches every holder once', async () => {
    redis = await startPrivateRedis({ persistent: true });
    const store = createRedisStore(redis.url, { prefix: 'restart:' });
    try {
      const pool = new CreditPool({ store, appId: APP, now: manualClock().now });
      const users = Array.from({ length: 12_000 }, (_, i) => `o-restart-${i}`);
      for (let i = 0; i < users.length; i += 100) {
        await Promise.all(users.slice(i, i + 100).map((o) => pool.acceptSubscriptions(o, [T])));
      }
      const seen: string[] = [];
      let cursor = '0';
      for (let page = 0; page < 40; page++) {
        const next = await pool.audiencePage(T, { cursor, pageSize: 100 });
        seen.push(...next.openids);
        cursor = next.cursor;
      }
      // Half of those already planned are spent meanwhile, as a campaign's takes would.
      for (const openid of seen.slice(0, 2000)) await pool.take(openid, { templateId: T });
      await redis.crash();
      await redis.start();
      let reached = false;
      for (let i = 0; i < 50 && !reached; i++) {
        reached = await pool.available(users[0] as string, { templateId: T }).then(
          () => true,
          () => false,
        );
      }
      do {
        const next = await pool.audiencePage(T, { cursor, pageSize: 100 });
        seen.push(...next.openids);
        cursor = next.cursor;
      } while (cursor !== '0');
      expect(new Set(seen).size).toBe(users.length);
      expect(seen).toHaveLength(users.length);
    } finally {
      await store.close();
    }
  }, 60_000);
});
