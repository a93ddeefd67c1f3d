import { InvalidArgumentError } from '@wxtpl/shared-types';
import { deleteKeys, testRedis, testRedisUrl, uniquePrefix } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore, createRedisStore, type Store } from '../src/store/index.js';

const redis = testRedis();
const prefixes: string[] = [];

afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(redis, prefix);
  await redis.quit();
});

function makeRedisStore(): Store {
  const prefix = uniquePrefix('store');
  prefixes.push(prefix);
  return createRedisStore(redis, { prefix });
}

describe.each([
  ['memory', () => createMemoryStore({ prefix: uniquePrefix('mem') })],
  ['redis', makeRedisStore],
] as const)('%s store contract', (_kind, make) => {
  let store: Store;
  beforeEach(() => {
    store = make();
  });

  it('gets what it sets and null for absent keys', async () => {
    expect(await store.get('a')).toBeNull();
    await store.set('a', 'one');
    expect(await store.get('a')).toBe('one');
    await store.set('a', 'two', 60_000);
    expect(await store.get('a')).toBe('two');
  });

  it('setIfAbsent takes a key once', async () => {
    expect(await store.setIfAbsent('lock', 'owner-1', 60_000)).toBe(true);
    expect(await store.setIfAbsent('lock', 'owner-2', 60_000)).toBe(false);
    expect(await store.get('lock')).toBe('owner-1');
  });

  it('compareAndDelete deletes only the expected value', async () => {
    await store.set('k', 'mine');
    expect(await store.compareAndDelete('k', 'theirs')).toBe(false);
    expect(await store.get('k')).toBe('mine');
    expect(await store.compareAndDelete('k', 'mine')).toBe(true);
    expect(await store.get('k')).toBeNull();
    expect(await store.compareAndDelete('k', 'mine')).toBe(false);
  });

  it('delete removes a key', async () => {
    await store.set('gone', 'x');
    await store.delete('gone');
    expect(await store.get('gone')).toBeNull();
  });

  it('refuses a TTL that is not a positive number', async () => {
    await expect(store.set('t', 'x', 0)).rejects.toThrow(InvalidArgumentError);
    await expect(store.setIfAbsent('t', 'x', Number.NaN)).rejects.toThrow(InvalidArgumentError);
  });

  it('keeps concurrent setIfAbsent calls to exactly one winner', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.setIfAbsent('race', `o${i}`, 60_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('memory store', () => {
  it('expires entries by its own clock', async () => {
    let now = 1_000_000;
    const store = createMemoryStore({ now: () => now });
    await store.set('t', 'v', 1000);
    expect(await store.setIfAbsent('lock', 'a', 500)).toBe(true);
    now += 499;
    expect(await store.get('t')).toBe('v');
    expect(await store.setIfAbsent('lock', 'b', 500)).toBe(false);
    now += 1;
    expect(await store.setIfAbsent('lock', 'b', 500)).toBe(true);
    now += 500;
    expect(await store.get('t')).toBeNull();
    expect(await store.compareAndDelete('lock', 'b')).toBe(false);
  });

  it('keeps prefixes apart and uses wxtpl: by default', async () => {
    const a = createMemoryStore({ prefix: 'a:' });
    const b = createMemoryStore();
    expect(b.prefix).toBe('wxtpl:');
    await a.set('k', '1');
    expect(await b.get('k')).toBeNull();
  });
});

describe('redis store', () => {
  it('writes under its prefix with a PX expiry', async () => {
    const prefix = uniquePrefix('store-px');
    prefixes.push(prefix);
    const store = createRedisStore(redis, { prefix });
    await store.set('k', 'v', 5000);
    await store.setIfAbsent('lock', 'me', 3000);
    const ttl = await redis.pttl(`${prefix}k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000);
    expect(await redis.pttl(`${prefix}lock`)).toBeLessThanOrEqual(3000);
    await store.set('forever', 'v');
    expect(await redis.pttl(`${prefix}forever`)).toBe(-1);
  });

  it('recovers when Redis forgot the compare-and-delete script', async () => {
    const prefix = uniquePrefix('store-noscript');
    prefixes.push(prefix);
    const own = testRedis();
    const store = createRedisStore(own, { prefix });
    await store.set('k', 'v');
    await own.script('FLUSH');
    expect(await store.compareAndDelete('k', 'v')).toBe(true);
    await own.quit();
  });

  it('never closes a client it was handed, and closes its own', async () => {
    const handed = testRedis();
    const store = createRedisStore(handed, { prefix: uniquePrefix('store-close') });
    await store.close();
    expect(await handed.ping()).toBe('PONG');
    await handed.quit();

    const own = createRedisStore(testRedisUrl(), { prefix: uniquePrefix('store-own') });
    expect(await own.get('x')).toBeNull();
    await own.close();
    // Its own connection is gone for good: no reconnection serves later calls.
    await expect(own.get('x')).rejects.toThrow();
  });

  it('works on an auto-pipelining client: the pipeline of a turn knows every script', async () => {
    const prefix = uniquePrefix('store-pipelined');
    prefixes.push(prefix);
    const client = new Redis(testRedisUrl(), { enableAutoPipelining: true });
    const store = createRedisStore(client, { prefix });
    const owner = { appId: 'wxpipelined000001', openid: 'o-1' };
    const now = Date.now();
    const limits = { maxCredits: 10, maxRemembered: 20, maxTemplates: 2, maxPerTemplate: 2 };
    await store.credits.insert(
      owner,
      [{ id: 'f-1', source: 'form', quota: 1, expiresAt: now + 60_000 }],
      { now, limits },
    );
    // A plain command, then the first take and the first count of this store, in one turn: all go
    // into the pipeline the plain command started (a script defined after it would be missing).
    const [value, take, count] = await Promise.all([
      store.get('nothing'),
      store.credits.take(owner, { now, takeId: 't-1' }),
      store.credits.count(owner, { now, templateId: 'T' }),
    ]);
    expect(value).toBeNull();
    expect(take).toMatchObject({ kind: 'credit', id: 'f-1' });
    expect(count).toBe(0);
    client.disconnect();
  });

  it('rejects something that is not a URL or a client', () => {
    expect(() => createRedisStore({} as never)).toThrow(InvalidArgumentError);
    expect(() => createRedisStore(testRedisUrl(), { prefix: 'a{b}:' })).toThrow(
      InvalidArgumentError,
    );
  });
});
