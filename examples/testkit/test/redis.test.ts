import { afterAll, describe, expect, it } from 'vitest';
import { deleteKeys, redisKeys, runPrefix, testRedis, uniquePrefix } from '../src/index.ts';

const redis = testRedis();
afterAll(() => redis.quit());

describe('test keys in Redis', () => {
  it('hands out prefixes under the run prefix that never repeat', () => {
    const a = uniquePrefix('label');
    const b = uniquePrefix('label');
    expect(a.startsWith(`${runPrefix()}label:`)).toBe(true);
    expect(a).not.toBe(b);
  });

  it('deletes every key under a prefix, and nothing else', async () => {
    const mine = uniquePrefix('mine');
    const other = uniquePrefix('other');
    await redis.mset(...Array.from({ length: 1200 }, (_, i) => [`${mine}k${i}`, '1']).flat());
    await redis.set(`${other}k`, '1');
    expect(await deleteKeys(redis, mine)).toBe(1200);
    expect(await redis.exists(`${mine}k0`, `${mine}k1199`)).toBe(0);
    expect(await redis.get(`${other}k`)).toBe('1');
    await deleteKeys(redis, other);
  });

  it('takes glob characters in a prefix literally', async () => {
    const base = uniquePrefix('glob');
    await redis.set(`${base}a*:x`, '1');
    await redis.set(`${base}ab:x`, '1');
    expect(await deleteKeys(redis, `${base}a*:`)).toBe(1);
    expect(await redis.get(`${base}ab:x`)).toBe('1');
    await deleteKeys(redis, base);
  });

  it('refuses a prefix that is not a test prefix', async () => {
    await expect(deleteKeys(redis, 'wxtpl:')).rejects.toThrow(/not a test prefix/);
  });

  it('cleans up every prefix a scope handed out', async () => {
    const keys = redisKeys('scope');
    const [a, b] = [keys.prefix(), keys.prefix('named')];
    expect(a).not.toBe(b);
    await redis.set(`${a}k`, '1');
    await redis.set(`${b}k`, '1');
    await keys.cleanup();
    expect(await redis.exists(`${a}k`, `${b}k`)).toBe(0);
  });
});
