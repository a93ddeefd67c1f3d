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
});
