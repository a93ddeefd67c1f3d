import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PrivateRedis, startPrivateRedis } from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeChatClient } from '../src/client/index.js';
import { createRedisStore, type RedisStore, type Store } from '../src/store/index.js';

// Red-team finding on a real Redis: the token-fetch lock's SET NX met a pause longer than
// commandTimeoutMs. The caller saw a timeout; Redis, once it ran again, took the lock for a
// holder that had given up, and every caller without a token then waited out the lock's TTL.
describe('the token-fetch lock on a Redis that pauses', () => {
  let redis: PrivateRedis;
  let store: RedisStore;
  let wechat: Server;
  let baseUrl = '';
  let fetches = 0;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    store = createRedisStore(redis.url, { prefix: 'attack-lock:', commandTimeoutMs: 200 });
    wechat = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        fetches++;
        res.end(`{"access_token":"TOKEN-PAUSED-${fetches}","expires_in":7200}`);
      });
    });
    await new Promise<void>((resolve) => wechat.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    redis?.thaw();
    await store?.close();
    await redis?.stop();
    await new Promise<void>((resolve) => wechat.close(() => resolve()));
  });

  it('a caller after the pause gets a token at once, not after the lock TTL', async () => {
    let pauseNextLock = true;
    // Redis pauses just as the lock is written, for twice the command timeout.
    const pausing: Store = {
      ...store,
      setIfAbsent(key, value, ttlMs) {
        if (!key.startsWith('lock:') || !pauseNextLock) return store.setIfAbsent(key, value, ttlMs);
        pauseNextLock = false;
        redis.freeze();
        setTimeout(() => redis.thaw(), 400);
        return store.setIfAbsent(key, value, ttlMs);
      },
    };
    const client = new WeChatClient({
      appId: 'wxattacklock0001',
      appSecret: 'attack-lock-secret-0000000000001',
      baseUrl,
      store: pausing,
      timeoutMs: 1000,
      retry: { retries: 0 },
      tokenLockTtlMs: 20_000,
    });
    try {
      await expect(client.getAccessToken()).rejects.toThrow(/access_token/);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const started = performance.now();
      expect(await client.getAccessToken()).toBe('TOKEN-PAUSED-1');
      expect(performance.now() - started).toBeLessThan(2000);
    } finally {
      await client.close();
    }
  }, 30_000);
});
