import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redisKeys } from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeChatClient } from '../src/client/index.js';
import { InvalidArgumentError, WeChatApiError, WeChatTransportError } from '../src/errors.js';
import { createMemoryStore, createRedisStore, type Store } from '../src/store/index.js';

// Red-team findings against the token owner, with a fake WeChat that lies about lifetimes.
const SECRET = 'attackAppSecret000000000000001';
let fetches = 0;
let answer: (res: ServerResponse) => void = (res) => res.end('{}');
let server: Server;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      fetches++;
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function clientOn(store: Store, now: () => number) {
  return new WeChatClient({
    appId: 'wxattacktoken001',
    appSecret: SECRET,
    baseUrl,
    store,
    now,
    timeoutMs: 1000,
    retry: { retries: 0 },
  });
}

describe('an enormous expires_in', () => {
  it('does not keep a token past WeChat’s 2 hours (memory store)', async () => {
    let now = Date.now();
    fetches = 0;
    answer = (res) => res.end(`{"access_token":"TOKEN-HUGE-${fetches}","expires_in":1e300}`);
    const client = clientOn(createMemoryStore({ now: () => now }), () => now);
    expect(await client.getAccessToken()).toBe('TOKEN-HUGE-1');
    now += 3 * 60 * 60 * 1000;
    expect(await client.getAccessToken()).toBe('TOKEN-HUGE-2');
    expect(fetches).toBe(2);
    await client.close();
  });

  it('still stores the token in Redis (no failing SET … PX 1e+303)', async () => {
    const keys = redisKeys('attack-token');
    const store = createRedisStore(keys.redis, { prefix: keys.prefix() });
    fetches = 0;
    answer = (res) => res.end(`{"access_token":"TOKEN-REDIS-${fetches}","expires_in":1e300}`);
    const client = clientOn(store, Date.now);
    try {
      expect(await client.getAccessToken()).toBe('TOKEN-REDIS-1');
      const ttl = await keys.redis.pttl(`${store.prefix}token:wxattacktoken001`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(7200 * 1000);
    } finally {
      await client.close();
      await keys.cleanup();
    }
  });
});

describe('a token-lock write whose answer was lost', () => {
  it('does not make the next caller wait for the lock to expire', async () => {
    const memory = createMemoryStore();
    let loseNextLockReply = true;
    // The store applied the lock's SET NX, but its answer never came (a Redis pause longer than
    // commandTimeoutMs): the caller saw a timeout.
    const store: Store = {
      ...memory,
      async setIfAbsent(key, value, ttlMs) {
        const applied = await memory.setIfAbsent(key, value, ttlMs);
        if (key.startsWith('lock:') && loseNextLockReply) {
          loseNextLockReply = false;
          throw new Error('Redis did not answer within 200 ms');
        }
        return applied;
      },
    };
    fetches = 0;
    answer = (res) => res.end(`{"access_token":"TOKEN-LOCK-${fetches}","expires_in":7200}`);
    const client = new WeChatClient({
      appId: 'wxattacktoken002',
      appSecret: SECRET,
      baseUrl,
      store,
      timeoutMs: 1000,
      retry: { retries: 0 },
      tokenLockTtlMs: 10_000,
    });
    await expect(client.getAccessToken()).rejects.toThrow(/access_token/);
    const started = performance.now();
    expect(await client.getAccessToken()).toBe('TOKEN-LOCK-1');
    expect(performance.now() - started).toBeLessThan(2000);
    await client.close();
  });
});

describe('an errcode-0 answer whose success field is empty or of the wrong type', () => {
  it.each([
    ['openid null', '{"errcode":0,"openid":null,"session_key":"c2Vzc2lvbg=="}'],
    ['openid empty', '{"openid":"","session_key":"c2Vzc2lvbg=="}'],
    ['openid a number', '{"openid":12345,"session_key":"c2Vzc2lvbg=="}'],
    ['openid an object', '{"openid":{"$ne":""},"session_key":"c2Vzc2lvbg=="}'],
  ])('code2Session, %s: a bad_response, never a session for nobody', async (_what, body) => {
    answer = (res) => res.end(body);
    const client = clientOn(createMemoryStore(), Date.now);
    const error = await client.code2Session('code-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatTransportError);
    expect((error as WeChatTransportError).failure).toBe('bad_response');
    await client.close();
  });

  it('templates.add with a null template_id is a bad_response', async () => {
    answer = (res) =>
      res.end(
        fetches % 2 === 1
          ? '{"access_token":"TOKEN-ADD","expires_in":7200}'
          : '{"errcode":0,"errmsg":"ok","template_id":null}',
      );
    fetches = 0;
    const client = clientOn(createMemoryStore(), Date.now);
    const error = await client.templates.add('AT0002', [3, 4, 5]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatTransportError);
    await client.close();
  });
});

describe('client options that would break every token fetch at run time', () => {
  it.each([Number.NaN, 0, -1, Number.POSITIVE_INFINITY])(
    'tokenLockTtlMs %s is refused when the client is made',
    (tokenLockTtlMs) => {
      expect(
        () =>
          new WeChatClient({
            appId: 'wxattacktoken003',
            appSecret: SECRET,
            baseUrl: 'http://127.0.0.1:1',
            tokenLockTtlMs,
          }),
      ).toThrow(InvalidArgumentError);
    },
  );
});

describe("WeChat's errmsg is quoted, not trusted", () => {
  it('a megabyte errmsg with terminal escapes becomes a short, printable one', async () => {
    const hostile = `\u001b[2J\u001b]0;pwned\u0007fake\nWARN forged log line ${'x'.repeat(1024 * 1024)}`;
    answer = (res) => res.end(JSON.stringify({ errcode: 40013, errmsg: hostile }));
    const client = clientOn(createMemoryStore(), Date.now);
    const error = await client.code2Session('code-2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    const { message, errmsg } = error as WeChatApiError;
    for (const text of [message, errmsg]) {
      expect(text.length).toBeLessThan(1024);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
      expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
    expect(errmsg).toContain('fake');
    await client.close();
  });
});

describe('a walk over pages WeChat never ends', () => {
  it('templates.all() stops with a typed error instead of paging for ever', async () => {
    fetches = 0;
    const page = JSON.stringify({
      errcode: 0,
      errmsg: 'ok',
      list: Array.from({ length: 20 }, (_, i) => ({
        template_id: `tpl-${i}`,
        title: '购买成功通知',
        content: '购买地点{{keyword1.DATA}}',
        example: '',
      })),
    });
    answer = (res) =>
      res.end(fetches === 1 ? '{"access_token":"TOKEN-WALK","expires_in":7200}' : page);
    const client = clientOn(createMemoryStore(), Date.now);
    let received = 0;
    const walked = (async () => {
      for await (const _template of client.templates.all()) {
        received++;
        // A guard for the test itself: unbounded, the walk would never end.
        if (received >= 5000) return 'still walking';
      }
      return 'ended';
    })();
    const outcome = await walked.catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(WeChatTransportError);
    expect(received).toBeLessThan(5000);
    await client.close();
  });
});
