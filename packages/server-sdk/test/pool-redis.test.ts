import { randomUUID } from 'node:crypto';
import { CREDIT_TTL_MS } from '@wxtpl/shared-types';
import { callsDelta, commandCalls, countCommands, redisKeys, testRedis } from '@wxtpl/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormIdPool } from '../src/pool/index.js';
import { createRedisStore, type RedisStore } from '../src/store/index.js';

const APP = 'wx0000000000demo';

describe('FormIdPool on Redis', () => {
  const keys = redisKeys('pool-redis');
  const prefix = keys.prefix();
  let clients: Redis[];
  let stores: RedisStore[];

  beforeAll(async () => {
    // Two connections for the pools, and the inspecting one.
    clients = [testRedis(), testRedis(), keys.redis];
    stores = clients.slice(0, 2).map((client) => createRedisStore(client, { prefix }));
  });
  afterAll(async () => {
    for (const client of clients.slice(0, 2)) client.disconnect();
    await keys.cleanup();
  });

  const poolOn = (index: number) =>
    new FormIdPool({ store: stores[index] as RedisStore, appId: APP });

  const LIMITS = { maxCredits: 100, maxRemembered: 500, maxTemplates: 20, maxPerTemplate: 20 };

  /** A user no other test touches: the first store, the inspecting client, the user's keys' base. */
  const freshUser = (name: string) => {
    const openid = `o-${name}-${randomUUID()}`;
    return {
      store: stores[0] as RedisStore,
      inspector: clients[2] as Redis,
      openid,
      owner: { appId: APP, openid },
      base: `${prefix}c:{${APP.length}:${APP}:${openid}}:`,
      now: Date.now(),
      limits: LIMITS,
    };
  };

  it("keeps one user's keys under one hash tag, with a TTL past the last expiry", async () => {
    const pool = poolOn(0);
    await pool.ingest('o-tag', [{ formId: 'f-1', createdAt: Date.now() }]);
    await pool.addPrepayId('o-tag', 'p-1');
    const inspector = clients[2] as Redis;
    const tag = `{${APP.length}:${APP}:o-tag}`;
    const keys = (await inspector.keys(`${prefix}c:${tag}:*`)).sort();
    expect(keys.map((key) => key.slice(prefix.length))).toEqual([
      `c:${tag}:live`,
      `c:${tag}:meta`,
      `c:${tag}:seen`,
      `c:${tag}:uses`,
    ]);
    for (const key of keys) {
      const ttl = await inspector.pttl(key);
      expect(ttl).toBeGreaterThan(CREDIT_TTL_MS - 11 * 60_000);
      expect(ttl).toBeLessThanOrEqual(CREDIT_TTL_MS + 3_600_000);
    }
  });

  it('spends each use exactly once under concurrent takes from two connections', async () => {
    const a = poolOn(0);
    const b = poolOn(1);
    const now = Date.now();
    await a.ingest(
      'o-race',
      Array.from({ length: 20 }, (_, i) => ({ formId: `f-${i}`, createdAt: now - i })),
    );
    await b.addPrepayId('o-race', 'p-1');
    const takes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).take('o-race')),
    );
    const spent = takes.flatMap((take) => (take.kind === 'credit' ? [take.lease.formId] : []));
    expect(spent).toHaveLength(23);
    expect(spent.filter((id) => id === 'p-1')).toHaveLength(3);
    expect(new Set(spent.filter((id) => id !== 'p-1')).size).toBe(20);
    expect(await a.available('o-race')).toBe(0);
  });

  it('takes a credit in exactly one round trip (INFO commandstats)', async () => {
    const pool = poolOn(0);
    const openid = `o-rtt-${randomUUID()}`;
    const spends = 40;
    await pool.ingest(
      openid,
      Array.from({ length: spends }, (_, i) => ({ formId: `f-${i}`, createdAt: Date.now() })),
    );
    const client = clients[0] as Redis;
    // Warm the script cache so the measurement sees EVALSHA only, as in steady state.
    await pool.available(openid);
    // INFO counts the whole server and other suites share it: retry on foreign traffic.
    let delta: Record<string, number> = {};
    let sent = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      await pool.ingest(openid, []);
      const before = await commandCalls(clients[2] as Redis);
      const counter = countCommands(client);
      for (let i = 0; i < spends / 5; i++) {
        const take = await pool.take(openid);
        expect(take.kind).toBe('credit');
      }
      counter.stop();
      sent = counter.count;
      const after = await commandCalls(clients[2] as Redis);
      delta = callsDelta(before, after);
      delete delta.info;
      if (delta.evalsha === spends / 5 && !delta.eval) break;
    }
    expect(sent).toBe(spends / 5);
    expect(delta.evalsha).toBe(spends / 5);
    expect(delta.eval ?? 0).toBe(0);
  });

  it('takes credits stored in the earlier layout (a uses entry for every formId), replays and gives back their takes', async () => {
    const pool = poolOn(0);
    const { store, inspector, openid, owner, base, now } = freshUser('old');
    const day = 24 * 3_600_000;
    // What the earlier INSERT_SCRIPT wrote: live, uses (every credit), meta, seen; and a take of
    // f-spent recorded by the earlier TAKE_SCRIPT (same record format).
    const old = [
      { id: 'f-old-1', source: 'form', uses: 1, expiresAt: now + day },
      { id: 'p-old', source: 'prepay', uses: 3, expiresAt: now + 2 * day },
      { id: 'f-old-2', source: 'form', uses: 1, expiresAt: now + 3 * day },
      { id: 'f-spent', source: 'form', uses: 0, expiresAt: now + 4 * day },
    ];
    for (const c of old) {
      await inspector.zadd(`${base}seen`, c.expiresAt, c.id);
      await inspector.hset(`${base}meta`, c.id, c.source);
      if (c.uses === 0) continue;
      await inspector.zadd(`${base}live`, c.expiresAt, c.id);
      await inspector.hset(`${base}uses`, c.id, c.uses);
    }
    const spentAt = now - 60_000;
    await inspector.hset(
      `${base}takes`,
      'old-take',
      `taken\tform\tf-spent\t${now + 4 * day}\t0\t${spentAt}`,
    );
    for (const key of ['seen', 'meta', 'live', 'uses', 'takes']) {
      await inspector.pexpire(`${base}${key}`, 5 * day);
    }

    expect(await pool.available(openid)).toBe(5);
    const replay = await pool.take(openid, { takeId: 'old-take' });
    expect(replay).toMatchObject({ kind: 'credit', replayed: 'taken' });
    expect(replay.kind === 'credit' && replay.lease.credit).toMatchObject({
      id: 'f-spent',
      source: 'form',
      usesLeft: 0,
    });
    // A give-back of the earlier take puts f-spent back, as a one-use formId of the new layout.
    expect(await store.credits.restore(owner, { takeId: 'old-take', id: 'f-spent' }, { now })).toBe(
      true,
    );
    expect(await inspector.hexists(`${base}uses`, 'f-spent')).toBe(0);
    expect(await pool.available(openid)).toBe(6);

    const taken: [string, string, number][] = [];
    for (let i = 0; i < 6; i++) {
      const take = await pool.take(openid);
      if (take.kind !== 'credit') throw new Error(`take ${i}: ${take.kind}`);
      const { id, source, usesLeft } = take.lease.credit;
      taken.push([id, source, usesLeft]);
    }
    expect(taken).toEqual([
      ['f-old-1', 'form', 0],
      ['p-old', 'prepay', 2],
      ['p-old', 'prepay', 1],
      ['p-old', 'prepay', 0],
      ['f-old-2', 'form', 0],
      ['f-spent', 'form', 0],
    ]);
    expect((await pool.take(openid)).kind).toBe('none');
    expect(await inspector.exists(`${base}live`, `${base}uses`)).toBe(0);
  });

  it('writes a uses entry for prepay_ids only, and keeps the TTL of a prepay_id put back', async () => {
    const pool = poolOn(0);
    const { inspector, openid, base } = freshUser('layout');
    await pool.ingest(openid, [{ formId: 'f-1', createdAt: Date.now() }]);
    expect(await inspector.exists(`${base}uses`)).toBe(0);
    await pool.addPrepayId(openid, 'p-1');
    expect(await inspector.hgetall(`${base}uses`)).toEqual({ 'p-1': '3' });
    expect(await pool.available(openid)).toBe(4);
    const first = await pool.take(openid);
    expect(first.kind === 'credit' && first.lease.formId).toBe('f-1');
    // The prepay_id is the last live credit: the take pops it and puts it back.
    const second = await pool.take(openid);
    expect(second.kind === 'credit' && second.lease.credit).toMatchObject({
      id: 'p-1',
      source: 'prepay',
      usesLeft: 2,
    });
    const ttl = await inspector.pttl(`${base}live`);
    expect(ttl).toBeGreaterThan(CREDIT_TTL_MS - 11 * 60_000);
    expect(ttl).toBeLessThanOrEqual(CREDIT_TTL_MS + 3_600_000);
    expect(await pool.available(openid)).toBe(2);
    // A give-back of the formId's take: one use again, still without a uses entry.
    if (first.kind !== 'credit') throw new Error('no credit');
    expect(await first.lease.giveBack()).toBe(true);
    expect(await inspector.hgetall(`${base}uses`)).toEqual({ 'p-1': '2' });
    expect(await pool.available(openid)).toBe(3);
  });

  it('scores a one-use formId half a millisecond early and reports its exact expiry', async () => {
    const { store, inspector, openid, owner, base, now, limits } = freshUser('score');
    await store.credits.insert(
      owner,
      [
        { id: 'f-1', source: 'form', quota: 1, expiresAt: now + 5000 },
        { id: 'p-1', source: 'prepay', quota: 3, expiresAt: now + 6000 },
      ],
      { now, limits },
    );
    expect(await inspector.zrange(`${base}live`, 0, -1, 'WITHSCORES')).toEqual([
      'f-1',
      `${now + 4999}.5`,
      'p-1',
      String(now + 6000),
    ]);
    expect((await store.credits.list(owner, { now })).map((c) => [c.id, c.expiresAt])).toEqual([
      ['f-1', now + 5000],
      ['p-1', now + 6000],
    ]);
    const take = await store.credits.take(owner, { now, takeId: 't-1' });
    expect(take).toMatchObject({ kind: 'credit', id: 'f-1', expiresAt: now + 5000, usesLeft: 0 });
    // Given back, it keeps its one-use score; at its expiry it has expired.
    if (take.kind !== 'credit') throw new Error('no credit');
    const taken = { ...take, takeId: 't-1', openid, appId: APP };
    expect(await store.credits.restore(owner, taken, { now })).toBe(true);
    expect(await inspector.zscore(`${base}live`, 'f-1')).toBe(`${now + 4999}.5`);
    expect(await inspector.exists(`${base}uses`)).toBe(1);
    expect(await inspector.hexists(`${base}uses`, 'f-1')).toBe(0);
    const late = await store.credits.take(owner, { now: now + 5000, takeId: 't-2' });
    expect(late).toMatchObject({ kind: 'credit', id: 'p-1', usesLeft: 2 });
  });

  it('bounds the takes hash: the writes that add credits prune it past 257 records', async () => {
    const { store, inspector, openid, owner, base, now } = freshUser('prune');
    const limits = { ...LIMITS, maxCredits: 400, maxRemembered: 1000 };
    const formIds = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `f-${String(from + i).padStart(3, '0')}`,
        source: 'form' as const,
        quota: 1,
        expiresAt: now + CREDIT_TTL_MS,
      }));
    await store.credits.insert(owner, formIds(0, 300), { now, limits });
    // A take adds its record and nothing more: at most what the user's credits allow.
    for (let i = 0; i < 300; i++) {
      const take = await store.credits.take(owner, { now: now + i, takeId: `t-${i}` });
      expect(take).toMatchObject({ kind: 'credit', id: `f-${String(i).padStart(3, '0')}` });
    }
    expect(await inspector.hlen(`${base}takes`)).toBe(300);
    // The next insert keeps the latest 128 (none is an hour old).
    await store.credits.insert(owner, formIds(300, 1), { now: now + 300, limits });
    expect(await inspector.hlen(`${base}takes`)).toBe(128);
    expect(await inspector.hexists(`${base}takes`, 't-299')).toBe(1);
    expect(await inspector.hexists(`${base}takes`, 't-171')).toBe(0);

    // Take and give back one formId over and over: each give-back prunes.
    let most = 0;
    for (let i = 0; i < 300; i++) {
      const take = await store.credits.take(owner, { now: now + 400 + i, takeId: `g-${i}` });
      if (take.kind !== 'credit') throw new Error(`take ${i}: ${take.kind}`);
      const taken = { ...take, takeId: `g-${i}`, openid, appId: APP };
      expect(await store.credits.restore(owner, taken, { now: now + 400 + i })).toBe(true);
      most = Math.max(most, await inspector.hlen(`${base}takes`));
    }
    expect(most).toBe(257);
    expect(await inspector.hexists(`${base}takes`, 'g-299')).toBe(1);

    // A long-term acceptance is never spent: its takes prune.
    const templateId = 'T-long';
    const report = { reportId: 'r-lt', templateId, source: 'client' as const, longTerm: true };
    await store.credits.accept(owner, [{ ...report, at: now, expiresAt: Infinity }], {
      now,
      pairWindowMs: 60_000,
      limits,
    });
    most = 0;
    for (let i = 0; i < 300; i++) {
      const take = await store.credits.take(owner, {
        now: now + 800 + i,
        takeId: `l-${i}`,
        templateId,
      });
      expect(take).toMatchObject({ kind: 'credit', id: `longterm:${templateId}` });
      most = Math.max(most, await inspector.hlen(`${base}takes`));
    }
    expect(most).toBe(257);
    expect(await inspector.hexists(`${base}takes`, 'l-299')).toBe(1);
  });

  it('drops the expired credits a take meets and takes the first unexpired one', async () => {
    const { store, inspector, owner, base, now, limits } = freshUser('expired');
    await store.credits.insert(
      owner,
      [
        { id: 'f-a', source: 'form', quota: 1, expiresAt: now + 1000 },
        { id: 'p-b', source: 'prepay', quota: 3, expiresAt: now + 2000 },
        { id: 'f-c', source: 'form', quota: 1, expiresAt: now + 3000 },
        { id: 'p-d', source: 'prepay', quota: 3, expiresAt: now + 4000 },
      ],
      { now, limits },
    );
    // At now + 3000 f-c has expired too (expired means expiresAt ≤ now).
    const take = await store.credits.take(owner, { now: now + 3000, takeId: 't-1' });
    expect(take).toMatchObject({ kind: 'credit', id: 'p-d', source: 'prepay', usesLeft: 2 });
    expect(await inspector.zrange(`${base}live`, 0, -1)).toEqual(['p-d']);
    expect(await inspector.hgetall(`${base}uses`)).toEqual({ 'p-d': '2' });
    expect((await store.credits.take(owner, { now: now + 4000, takeId: 't-2' })).kind).toBe('none');
    expect(await inspector.exists(`${base}live`, `${base}uses`)).toBe(0);
  });
  it('a replayed take spends nothing: what it popped goes back, with its uses and TTL', async () => {
    const { store, inspector, owner, base, now, limits } = freshUser('undo');
    const day = 24 * 3_600_000;
    await store.credits.insert(
      owner,
      [
        { id: 'f-a', source: 'form', quota: 1, expiresAt: now + day },
        { id: 'p-b', source: 'prepay', quota: 3, expiresAt: now + 2 * day },
        { id: 'f-c', source: 'form', quota: 1, expiresAt: now + 3 * day },
      ],
      { now, limits },
    );
    const take = (takeId: string) => store.credits.take(owner, { now, takeId });
    expect(await take('t1')).toMatchObject({ kind: 'credit', id: 'f-a' });
    // The retry pops p-b, finds t1 recorded and puts p-b back with its three uses.
    expect(await take('t1')).toMatchObject({ kind: 'credit', id: 'f-a', replayed: 'taken' });
    expect(await store.credits.count(owner, { now })).toBe(4);
    expect(await inspector.hget(`${base}uses`, 'p-b')).toBe('3');
    expect(await take('t2')).toMatchObject({ kind: 'credit', id: 'p-b', usesLeft: 2 });
    expect(await take('t2')).toMatchObject({ kind: 'credit', id: 'p-b', replayed: 'taken' });
    expect(await inspector.hget(`${base}uses`, 'p-b')).toBe('2');
    for (const id of ['t3', 't4']) await take(id);
    // f-c alone is left: the retry's pop empties `live`, the undo puts f-c back with a TTL.
    expect(await take('t4')).toMatchObject({ kind: 'credit', id: 'p-b', replayed: 'taken' });
    expect(await inspector.zrange(`${base}live`, 0, -1)).toEqual(['f-c']);
    expect(await inspector.pttl(`${base}live`)).toBeGreaterThan(0);
    expect(await take('t5')).toMatchObject({ kind: 'credit', id: 'f-c' });
    // Nothing left: a retry still replays.
    expect(await take('t5')).toMatchObject({ kind: 'credit', id: 'f-c', replayed: 'taken' });
    expect(await take('t6')).toEqual({ kind: 'none' });

    const templateId = 'T-undo';
    const reports = ['r-1', 'r-2'].map((reportId, i) => ({
      reportId,
      templateId,
      source: 'push' as const,
      longTerm: false,
      at: now,
      expiresAt: now + (i + 1) * day,
    }));
    await store.credits.accept(owner, reports, { now, pairWindowMs: 60_000, limits });
    const takeOf = (takeId: string) => store.credits.take(owner, { now, takeId, templateId });
    expect(await takeOf('s1')).toMatchObject({ kind: 'credit', id: 'r-1' });
    expect(await takeOf('s1')).toMatchObject({ kind: 'credit', id: 'r-1', replayed: 'taken' });
    expect(await store.credits.count(owner, { now, templateId })).toBe(1);
    expect(await inspector.hexists(`${base}tpl`, templateId)).toBe(1);
    expect(await takeOf('s2')).toMatchObject({ kind: 'credit', id: 'r-2' });
    expect(await inspector.hexists(`${base}tpl`, templateId)).toBe(0);
    expect(await takeOf('s2')).toMatchObject({ kind: 'credit', id: 'r-2', replayed: 'taken' });
    expect(await takeOf('s3')).toEqual({ kind: 'none' });
  });
});
