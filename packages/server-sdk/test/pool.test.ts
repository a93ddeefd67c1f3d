import { CREDIT_TTL_MS, InvalidArgumentError, MOCK_FORM_ID } from '@wxtpl/shared-types';
import { manualClock, openTestStore, type TestStore } from '@wxtpl/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FormIdPool, InvalidOpenidError } from '../src/pool/index.js';
import { createMemoryStore } from '../src/store/index.js';

const APP = 'wx0000000000demo';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe.each(['memory', 'redis'] as const)('FormIdPool on %s', (kind) => {
  let testStore: TestStore;
  let clock: ReturnType<typeof manualClock>;
  let pool: FormIdPool;

  beforeEach(async () => {
    testStore = await openTestStore(kind);
    clock = manualClock();
    pool = new FormIdPool({ store: testStore.store, appId: APP, now: clock.now });
  });
  afterEach(async () => {
    await testStore.cleanup();
  });

  const item = (formId: string, ageMs = 0) => ({ formId, createdAt: clock.now() - ageMs });

  it('accepts valid formIds and rejects the unstorable with precise reasons', async () => {
    const result = await pool.ingest('user-a', [
      item('f-1'),
      { formId: MOCK_FORM_ID, createdAt: clock.now() },
      item('requestFormId:fail timeout'),
      item('   '),
      item('x'.repeat(129)),
      item('bad\nid'),
      { formId: 'f-future', createdAt: clock.now() + 6 * MINUTE },
      { formId: 'f-skewed', createdAt: clock.now() + 4 * MINUTE },
      item('f-old', CREDIT_TTL_MS - 10 * MINUTE),
      item('f-almost-old', CREDIT_TTL_MS - 11 * MINUTE),
    ]);
    expect(result.accepted).toEqual(['f-1', 'f-skewed', 'f-almost-old']);
    expect(result.duplicates).toEqual([]);
    expect(result.rejected).toEqual([
      { formId: MOCK_FORM_ID, reason: 'mock' },
      { formId: 'requestFormId:fail timeout', reason: 'mock' },
      { formId: '   ', reason: 'empty' },
      { formId: 'x'.repeat(129), reason: 'too_long' },
      { formId: 'bad\nid', reason: 'control_characters' },
      { formId: 'f-future', reason: 'created_in_future' },
      { formId: 'f-old', reason: 'expired' },
    ]);
    expect(await pool.available('user-a')).toBe(3);
  });

  it('treats a re-sent formId as a duplicate, even after it was spent', async () => {
    expect((await pool.ingest('user-a', [item('f-1'), item('f-1')])).duplicates).toEqual(['f-1']);
    const again = await pool.ingest('user-a', [item('f-1'), item('f-2')]);
    expect(again).toMatchObject({ accepted: ['f-2'], duplicates: ['f-1'] });
    expect(await pool.available('user-a')).toBe(2);
    for (let i = 0; i < 2; i++) {
      const taken = await pool.take('user-a');
      expect(taken.kind).toBe('credit');
    }
    expect(await pool.available('user-a')).toBe(0);
    const replay = await pool.ingest('user-a', [item('f-1'), item('f-2')]);
    expect(replay).toMatchObject({ accepted: [], duplicates: ['f-1', 'f-2'] });
    expect((await pool.take('user-a')).kind).toBe('none');
  });

  it('keeps each user to their own credits', async () => {
    await pool.ingest('user-a', [item('f-1')]);
    await pool.ingest('user-b', [item('f-1'), item('f-2')]);
    expect(await pool.available('user-a')).toBe(1);
    expect(await pool.available('user-b')).toBe(2);
    expect(await pool.available('user-c')).toBe(0);
  });

  it('counts a prepay_id as three sends and a formId as one', async () => {
    await pool.ingest('user-a', [item('f-1')]);
    const added = await pool.addPrepayId('user-a', 'wx2026prepay1');
    expect(added.accepted).toEqual(['wx2026prepay1']);
    expect(await pool.available('user-a')).toBe(4);
    const credits = await pool.credits('user-a');
    expect(credits.map((c) => [c.id, c.source, c.usesLeft])).toEqual([
      ['f-1', 'form', 1],
      ['wx2026prepay1', 'prepay', 3],
    ]);
    expect((await pool.addPrepayId('user-a', 'wx2026prepay1')).duplicates).toEqual([
      'wx2026prepay1',
    ]);
    expect((await pool.addPrepayId('user-a', MOCK_FORM_ID)).rejected[0]?.reason).toBe('mock');
  });

  it('spends the credit that expires first, and a prepay_id three times', async () => {
    await pool.ingest('user-a', [item('f-young', 1 * DAY), item('f-oldest', 3 * DAY)]);
    await pool.addPrepayId('user-a', 'p-mid', clock.now() - 2 * DAY);
    const order: string[] = [];
    for (;;) {
      const taken = await pool.take('user-a');
      if (taken.kind !== 'credit') break;
      order.push(`${taken.lease.formId}:${taken.lease.credit.usesLeft}`);
    }
    expect(order).toEqual(['f-oldest:0', 'p-mid:2', 'p-mid:1', 'p-mid:0', 'f-young:0']);
  });

  it('never spends a credit within the safety margin of its 7 days', async () => {
    await pool.ingest('user-a', [item('f-1')]);
    const [credit] = await pool.credits('user-a');
    expect(credit?.expiresAt).toBe(clock.now() + CREDIT_TTL_MS - 10 * MINUTE);
    clock.advance(CREDIT_TTL_MS - 10 * MINUTE);
    expect(await pool.available('user-a')).toBe(0);
    expect((await pool.take('user-a')).kind).toBe('none');
  });

  it('clamps a createdAt slightly in the future to now', async () => {
    await pool.ingest('user-a', [{ formId: 'f-ahead', createdAt: clock.now() + 4 * MINUTE }]);
    const [credit] = await pool.credits('user-a');
    expect(credit?.expiresAt).toBe(clock.now() + CREDIT_TTL_MS - 10 * MINUTE);
  });

  it('caps credits per user by dropping those that expire first', async () => {
    const capped = new FormIdPool({
      store: testStore.store,
      appId: 'wxcapped',
      now: clock.now,
      maxCreditsPerUser: 3,
    });
    await capped.ingest('user-a', [item('f-2d', 2 * DAY), item('f-1d', DAY)]);
    const result = await capped.ingest('user-a', [
      item('f-4d', 4 * DAY),
      item('f-0d'),
      item('f-3d', 3 * DAY),
    ]);
    expect(result.accepted).toEqual(['f-4d', 'f-0d', 'f-3d']);
    expect(result.evicted.sort()).toEqual(['f-3d', 'f-4d']);
    expect((await capped.credits('user-a')).map((c) => c.id)).toEqual(['f-2d', 'f-1d', 'f-0d']);
    // An evicted id stays known: sending it again is a duplicate, not a second chance.
    expect((await capped.ingest('user-a', [item('f-4d', 4 * DAY)])).duplicates).toEqual(['f-4d']);
  });

  describe('giving a credit back', () => {
    it('restores exactly one use, once', async () => {
      await pool.addPrepayId('user-a', 'p-1');
      const first = await pool.take('user-a');
      const second = await pool.take('user-a');
      if (first.kind !== 'credit' || second.kind !== 'credit') throw new Error('expected credits');
      expect(await pool.available('user-a')).toBe(1);
      expect(await first.lease.giveBack()).toBe(true);
      expect(await first.lease.giveBack()).toBe(false);
      expect(await pool.available('user-a')).toBe(2);
      expect(await second.lease.giveBack()).toBe(true);
      expect(await pool.available('user-a')).toBe(3);
    });

    it('brings a used-up credit back with its original expiry', async () => {
      await pool.ingest('user-a', [item('f-1', DAY)]);
      const [before] = await pool.credits('user-a');
      const taken = await pool.take('user-a');
      if (taken.kind !== 'credit') throw new Error('expected a credit');
      expect(await pool.available('user-a')).toBe(0);
      expect(await taken.lease.giveBack()).toBe(true);
      expect(await pool.credits('user-a')).toEqual([before]);
    });

    it('never resurrects a credit past its expiry, after a purge, or once dropped', async () => {
      await pool.ingest('user-a', [item('f-expiring', CREDIT_TTL_MS - 11 * MINUTE)]);
      await pool.ingest('user-a', [
        item('f-dropped'),
        item('f-purged', CREDIT_TTL_MS - 12 * MINUTE),
      ]);
      const expiring = await pool.take('user-a');
      const purged = await pool.take('user-a');
      const dropped = await pool.take('user-a');
      if (expiring.kind !== 'credit' || purged.kind !== 'credit' || dropped.kind !== 'credit') {
        throw new Error('expected credits');
      }
      expect([purged.lease.formId, expiring.lease.formId, dropped.lease.formId]).toEqual([
        'f-purged',
        'f-expiring',
        'f-dropped',
      ]);
      await dropped.lease.drop();
      expect(await dropped.lease.giveBack()).toBe(false);
      clock.advance(3 * MINUTE);
      expect(await pool.purgeExpired()).toBe(0);
      expect(await purged.lease.giveBack()).toBe(false);
      expect(await expiring.lease.giveBack()).toBe(false);
      expect(await pool.available('user-a')).toBe(0);
      expect((await pool.take('user-a')).kind).toBe('none');
    });

    it('refuses to revive a dropped credit from another take of it', async () => {
      await pool.addPrepayId('user-a', 'p-1');
      const a = await pool.take('user-a');
      const b = await pool.take('user-a');
      if (a.kind !== 'credit' || b.kind !== 'credit') throw new Error('expected credits');
      await a.lease.drop();
      expect(await pool.available('user-a')).toBe(0);
      expect(await b.lease.giveBack()).toBe(false);
      expect(await pool.available('user-a')).toBe(0);
    });
  });

  it('purgeExpired removes expired credits of every user and forgets their ids', async () => {
    await pool.ingest('user-a', [item('a-old', 6 * DAY), item('a-new')]);
    await pool.ingest('user-b', [item('b-old', 6 * DAY)]);
    clock.advance(DAY);
    expect(await pool.available('user-a')).toBe(1);
    expect(await pool.purgeExpired()).toBe(2);
    expect(await pool.purgeExpired()).toBe(0);
    expect((await pool.credits('user-a')).map((c) => c.id)).toEqual(['a-new']);
    if (testStore.inspector) {
      const tag = (openid: string) =>
        `${testStore.store.prefix}c:{${APP.length}:${APP}:${openid}}*`;
      expect(await testStore.inspector.keys(tag('user-a'))).not.toEqual([]);
      expect(await testStore.inspector.keys(tag('user-b'))).toEqual([]);
    }
  });

  it('enforces a rolling send limit, counting given-back takes out', async () => {
    const limit = { max: 2, windowMs: DAY };
    await pool.ingest('user-a', [item('f-1'), item('f-2'), item('f-3'), item('f-4')]);
    const first = await pool.take('user-a', { limit });
    expect(first.kind).toBe('credit');
    clock.advance(MINUTE);
    const second = await pool.take('user-a', { limit });
    if (second.kind !== 'credit') throw new Error('expected a credit');
    const third = await pool.take('user-a', { limit });
    expect(third).toEqual({ kind: 'limited', retryAt: clock.now() - MINUTE + DAY });
    await second.lease.giveBack();
    const retried = await pool.take('user-a', { limit });
    expect(retried.kind).toBe('credit');
    expect((await pool.take('user-a', { limit })).kind).toBe('limited');
    clock.advance(DAY - MINUTE);
    expect((await pool.take('user-a', { limit })).kind).toBe('credit');
    expect(await pool.available('user-a')).toBe(1);
  });

  it('rejects openids it cannot key by', async () => {
    await expect(pool.available('')).rejects.toBeInstanceOf(InvalidOpenidError);
    await expect(pool.ingest('a b', [])).rejects.toBeInstanceOf(InvalidOpenidError);
    await expect(pool.take('{tag}')).rejects.toBeInstanceOf(InvalidOpenidError);
    await expect(pool.ingest('user-a', 'f-1' as never)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(() => new FormIdPool({ store: testStore.store, appId: '' })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('FormIdPool on memory stores', () => {
  it('shares credits through one store object and never across two', async () => {
    const store = createMemoryStore();
    const a = new FormIdPool({ store, appId: APP });
    const b = new FormIdPool({ store, appId: APP });
    const other = new FormIdPool({ store: createMemoryStore(), appId: APP });
    await a.ingest('user-a', [{ formId: 'f-1', createdAt: Date.now() }]);
    expect(await b.available('user-a')).toBe(1);
    expect(await other.available('user-a')).toBe(0);
    expect(await new FormIdPool({ store, appId: 'wxanother' }).available('user-a')).toBe(0);
  });
});
