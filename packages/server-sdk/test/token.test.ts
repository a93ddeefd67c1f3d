import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { WeChatPath } from '@wxtpl/shared-types';
import {
  clientFor,
  deleteKeys,
  sendPayload,
  startTestEmulator,
  type TestEmulator,
  testRedis,
  uniquePrefix,
} from '@wxtpl/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AccessTokenError,
  createMemoryStore,
  createRedisStore,
  type RedisStore,
  WeChatApiError,
  type WeChatClient,
} from '../src/index.js';
import { tokenKey, tokenLockKey } from '../src/token/keys.js';
import { captureLogger } from './helpers/logs.js';

const LIST = WeChatPath.templateList;

let emulator: TestEmulator;
let templateId: string;
const redis = testRedis();
const prefixes: string[] = [];
const clients: WeChatClient[] = [];

// Every client gets its own memory store unless the test shares one on purpose. The owner's
// suites use the classic endpoint, which issues a new token on every fetch (the strictest WeChat
// for single-flight and compare-and-delete); stable_token's own behaviour is tested below.
function make(options: Parameters<typeof clientFor>[1] = {}): WeChatClient {
  const c = clientFor(emulator, {
    store: createMemoryStore(),
    tokenEndpoint: 'classic',
    ...options,
  });
  clients.push(c);
  return c;
}

function redisStore(): RedisStore {
  const prefix = uniquePrefix('token');
  prefixes.push(prefix);
  return createRedisStore(redis, { prefix });
}

async function issued(): Promise<number> {
  return (await emulator.stats()).tokensIssued;
}

async function payload() {
  const openid = `o-${randomUUID()}`;
  const [formId] = await emulator.formIds(openid, 1);
  return sendPayload(templateId, openid, formId as string);
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  const setup = make();
  templateId = (await setup.templates.add('AT0002', [3, 4, 5])).template_id;
});

afterEach(async () => {
  await emulator.clearFaults();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const prefix of prefixes) await deleteKeys(redis, prefix);
  await redis.quit();
  await emulator.close();
});

describe('access-token owner in one process', () => {
  it('gives a client without a store a memory store of its own; a shared store shares the token', async () => {
    const a = clientFor(emulator);
    const b = clientFor(emulator);
    expect(a.store).not.toBe(b.store);
    const shared = createMemoryStore();
    const c = clientFor(emulator, { store: shared });
    const d = clientFor(emulator, { store: shared });
    expect(await c.getAccessToken()).toBe(await d.getAccessToken());
    await Promise.all([a.close(), b.close(), c.close(), d.close()]);
  });

  it('fetches one token for 100 concurrent callers and then serves it from memory', async () => {
    const c = make();
    const before = await issued();
    const tokens = await Promise.all(Array.from({ length: 100 }, () => c.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(await issued()).toBe(before + 1);
    const tokenRequests = (await emulator.stats()).requests[WeChatPath.token];
    await c.templates.list({ offset: 0, count: 1 });
    await c.getAccessToken();
    expect((await emulator.stats()).requests[WeChatPath.token]).toBe(tokenRequests);
  });

  it('serves every call from the local cache: no store access per call once a token is held', async () => {
    const inner = redisStore();
    const reads = { get: 0, setIfAbsent: 0 };
    const counting: RedisStore = {
      ...inner,
      get: (key) => {
        reads.get++;
        return inner.get(key);
      },
      setIfAbsent: (key, value, ttl) => {
        reads.setIfAbsent++;
        return inner.setIfAbsent(key, value, ttl);
      },
    } as RedisStore;
    const c = make({ store: counting });
    await c.getAccessToken();
    const afterFetch = { ...reads };
    await Promise.all(Array.from({ length: 50 }, () => c.templates.list({ offset: 0, count: 1 })));
    await Promise.all(Array.from({ length: 50 }, () => c.getAccessToken()));
    expect(reads).toEqual(afterFetch);
  });

  it('keeps the token in the store under the appId, with a TTL of its lifetime', async () => {
    const store = redisStore();
    const c = make({ store });
    const token = await c.getAccessToken();
    const raw = await store.get(tokenKey(emulator.appId));
    expect(JSON.parse(raw as string)).toMatchObject({ access_token: token });
    const ttl = await redis.pttl(`${store.prefix}${tokenKey(emulator.appId)}`);
    expect(ttl).toBeGreaterThan(7_000_000);
    expect(ttl).toBeLessThanOrEqual(7_200_000);
    expect(await store.get(tokenLockKey(emulator.appId))).toBeNull();
  });

  it('shares a token between clients of one store without fetching again', async () => {
    const store = redisStore();
    const first = make({ store });
    const token = await first.getAccessToken();
    const before = await issued();
    const second = make({ store });
    expect(await second.getAccessToken()).toBe(token);
    expect(await issued()).toBe(before);
  });

  it('renews early inside the margin while serving the current token', async () => {
    let now = Date.now();
    const c = make({ now: () => now, refreshMarginSeconds: 300 });
    const first = await c.getAccessToken();
    const before = await issued();
    now += (7200 - 299) * 1000;
    expect(await c.getAccessToken()).toBe(first);
    await vi.waitFor(async () => expect(await c.getAccessToken()).not.toBe(first), {
      timeout: 3000,
      interval: 5,
    });
    expect(await issued()).toBe(before + 1);
    // The old token still works during WeChat's overlap, the new one from now on.
    await expect(c.templates.list({ offset: 0, count: 1 })).resolves.toMatchObject({ errcode: 0 });
  });

  it('renews once when two clients of one store enter the margin together', async () => {
    let now = Date.now();
    const store = redisStore();
    const a = make({ store, now: () => now });
    const b = make({ store, now: () => now });
    const first = await a.getAccessToken();
    expect(await b.getAccessToken()).toBe(first);
    const before = await issued();
    now += 7000 * 1000;
    const served = await Promise.all([a, b, a, b].map((c) => c.getAccessToken()));
    expect(served.every((t) => t === first)).toBe(true);
    await vi.waitFor(async () => expect(await a.getAccessToken()).not.toBe(first), {
      timeout: 3000,
      interval: 5,
    });
    now += 2000;
    const renewed = await a.getAccessToken();
    await vi.waitFor(async () => expect(await b.getAccessToken()).toBe(renewed), {
      timeout: 3000,
      interval: 5,
    });
    expect(await issued()).toBe(before + 1);
  });

  it('reports an unreachable Redis as AccessTokenError', async () => {
    const store = createRedisStore('redis://127.0.0.1:1', { prefix: uniquePrefix('down') });
    const c = make({ store });
    const error = await c.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessTokenError);
    expect((error as AccessTokenError).cause).toBeInstanceOf(Error);
    expect((error as AccessTokenError).message).toMatch(
      /token store is unreachable for .*: Redis is not answering/,
    );
    await store.close();
  });

  it('reports an unknown appId (40013) from the token endpoint', async () => {
    const c = make({ appId: 'wx-no-such-app' });
    const error = (await c.getAccessToken().catch((e: unknown) => e)) as AccessTokenError;
    expect(error).toBeInstanceOf(AccessTokenError);
    expect(error.cause).toBeInstanceOf(WeChatApiError);
    expect(error.cause).toMatchObject({ errcode: 40013, path: WeChatPath.token });
    expect(error.message).toContain('40013');
  });

  it('blocks for a new token once the cached one has expired', async () => {
    let now = Date.now();
    const c = make({ now: () => now });
    const first = await c.getAccessToken();
    now += 7201 * 1000;
    const second = await c.getAccessToken();
    expect(second).not.toBe(first);
  });

  it('keeps serving the current token when an early renewal fails, and logs it', async () => {
    let now = Date.now();
    const logger = captureLogger();
    const c = make({ now: () => now, logger, retry: { retries: 0 } });
    const first = await c.getAccessToken();
    await emulator.faults([{ path: WeChatPath.token, errcode: -1 }]);
    now += 7000 * 1000;
    expect(await c.getAccessToken()).toBe(first);
    await vi.waitFor(() => expect(logger.lines.some((l) => l.level === 'warn')).toBe(true), {
      timeout: 3000,
      interval: 5,
    });
    expect(await c.getAccessToken()).toBe(first);
  });

  it('reports a token fetch refused by WeChat (bad secret) without the secret', async () => {
    const c = make({ appSecret: 'definitely-wrong-secret' });
    const error = (await c.getAccessToken().catch((e: unknown) => e)) as AccessTokenError;
    expect(error).toBeInstanceOf(AccessTokenError);
    const cause = error.cause as WeChatApiError;
    expect(cause).toBeInstanceOf(WeChatApiError);
    expect(cause.path).toBe(WeChatPath.token);
    expect([40001, 40125]).toContain(cause.errcode);
    expect(error.message).not.toContain('definitely-wrong-secret');
    expect(cause.message).not.toContain('definitely-wrong-secret');
  });
});

describe('token errors (40001, 40014, 42001)', () => {
  it('renews and retries once when WeChat invalidated every token (40001)', async () => {
    const c = make();
    const stale = await c.getAccessToken();
    await emulator.invalidateTokens();
    const before = await issued();
    await expect(c.messages.send(await payload())).resolves.toMatchObject({ errcode: 0 });
    expect(await issued()).toBe(before + 1);
    expect(await c.getAccessToken()).not.toBe(stale);
  });

  it('renews when the token expired on WeChat side (42001)', async () => {
    const c = make();
    await c.getAccessToken();
    await emulator.advance(7300);
    const before = await issued();
    await expect(c.templates.list({ offset: 0, count: 1 })).resolves.toMatchObject({ errcode: 0 });
    expect(await issued()).toBe(before + 1);
  });

  it.each([40001, 40014, 42001])(
    'retries exactly once on %i and then gives up',
    async (errcode) => {
      const c = make();
      await c.getAccessToken();
      await emulator.faults([{ path: LIST, errcode, times: 2 }]);
      const before = (await emulator.stats()).requests[LIST] ?? 0;
      await expect(c.templates.list({ offset: 0, count: 1 })).rejects.toMatchObject({ errcode });
      expect((await emulator.stats()).requests[LIST]).toBe(before + 2);
    },
  );

  it('causes exactly one new token for 200 concurrent calls refused at once', async () => {
    const c = make({ store: redisStore() });
    await c.getAccessToken();
    await emulator.invalidateTokens();
    const before = await issued();
    const pages = await Promise.all(
      Array.from({ length: 200 }, () => c.templates.list({ offset: 0, count: 1 })),
    );
    expect(pages.every((p) => p.errcode === 0)).toBe(true);
    expect(await issued()).toBe(before + 1);
  });

  it('does not expire a newer token another process already stored (compare-and-delete)', async () => {
    const store = redisStore();
    const a = make({ store });
    const b = make({ store });
    const t1 = await a.getAccessToken();
    expect(await b.getAccessToken()).toBe(t1);
    const t2 = await a.invalidateAccessToken(t1);
    expect(t2).not.toBe(t1);
    const before = await issued();
    // b still holds t1; WeChat refuses it once.
    await emulator.faults([{ path: LIST, errcode: 40001, times: 1 }]);
    await expect(b.templates.list({ offset: 0, count: 1 })).resolves.toMatchObject({ errcode: 0 });
    expect(await b.getAccessToken()).toBe(t2);
    expect(await issued()).toBe(before);
    expect(JSON.parse((await store.get(tokenKey(emulator.appId))) as string).access_token).toBe(t2);
  });
});

describe('cross-process lock (simulated by hand on one store)', () => {
  it('waits for the lock holder and reads its token from the store, without fetching', async () => {
    const store = createMemoryStore();
    const c = make({ store });
    await store.setIfAbsent(tokenLockKey(emulator.appId), 'another-process', 10_000);
    const before = await issued();
    const pending = c.getAccessToken();
    setTimeout(() => {
      const now = Date.now();
      const value = {
        access_token: 'from-the-other-process',
        expires_at: now + 7_200_000,
        refresh_at: now + 6_900_000,
      };
      void store.set(tokenKey(emulator.appId), JSON.stringify(value), 7_200_000);
    }, 30);
    expect(await pending).toBe('from-the-other-process');
    expect(await issued()).toBe(before);
  });

  it('takes over when the lock holder died without storing a token', async () => {
    const store = createMemoryStore();
    const c = make({ store });
    await store.setIfAbsent(tokenLockKey(emulator.appId), 'crashed-process', 80);
    const before = await issued();
    expect(typeof (await c.getAccessToken())).toBe('string');
    expect(await issued()).toBe(before + 1);
    expect(await store.get(tokenLockKey(emulator.appId))).toBeNull();
  });

  it('gives up with AccessTokenError when the lock never frees and no token appears', async () => {
    const store = createMemoryStore();
    const c = make({ store, tokenLockTtlMs: 60 });
    // A lock that is renewed forever by a stuck process.
    const key = tokenLockKey(emulator.appId);
    await store.set(key, 'stuck');
    await expect(c.getAccessToken()).rejects.toBeInstanceOf(AccessTokenError);
    await store.delete(key);
  });
});

describe('tokenProvider', () => {
  it('takes tokens from the provider and never calls /cgi-bin/token itself', async () => {
    const central = make();
    const calls: { invalidToken?: string }[] = [];
    const handedOut: string[] = [];
    const c = make({
      appSecret: undefined,
      tokenProvider: async (request) => {
        calls.push(request);
        const token =
          request.invalidToken === undefined
            ? await central.getAccessToken()
            : await central.invalidateAccessToken(request.invalidToken);
        handedOut.push(token);
        return token;
      },
    });
    await central.getAccessToken();
    const tokenCalls = (await emulator.stats()).requests[WeChatPath.token];
    await expect(c.messages.send(await payload())).resolves.toMatchObject({ errcode: 0 });
    await emulator.invalidateTokens();
    await expect(c.messages.send(await payload())).resolves.toMatchObject({ errcode: 0 });
    expect(calls).toHaveLength(2);
    expect(calls[0]?.invalidToken).toBeUndefined();
    expect(calls[1]?.invalidToken).toBe(handedOut[0]);
    expect(handedOut[1]).not.toBe(handedOut[0]);
    // Only the central client fetched (once more after the invalidation).
    expect((await emulator.stats()).requests[WeChatPath.token]).toBe((tokenCalls ?? 0) + 1);
  });

  it('caches a provider token with an expiry until its margin', async () => {
    let now = Date.now();
    let n = 0;
    const c = make({
      now: () => now,
      tokenProvider: async () => ({ accessToken: `p${++n}`, expiresAt: now + 1_000_000 }),
    });
    expect(await c.getAccessToken()).toBe('p1');
    expect(await c.getAccessToken()).toBe('p1');
    now += 1_000_001;
    expect(await c.getAccessToken()).toBe('p2');
  });

  it('wraps provider failures and refuses a provider that returns the refused token', async () => {
    const failing = make({
      tokenProvider: async () => {
        throw new Error('central server down');
      },
    });
    const error = (await failing.getAccessToken().catch((e: unknown) => e)) as AccessTokenError;
    expect(error).toBeInstanceOf(AccessTokenError);
    expect((error.cause as Error).message).toBe('central server down');

    const stubborn = make({ tokenProvider: async () => 'always-the-same' });
    await expect(stubborn.invalidateAccessToken('always-the-same')).rejects.toThrow(/refused/);
  });
});

describe('stable_token (the default endpoint)', () => {
  let wx: TestEmulator;
  const stableClients: WeChatClient[] = [];
  const stableClient = (options: Parameters<typeof clientFor>[1] = {}) => {
    const c = clientFor(wx, { store: createMemoryStore(), ...options });
    stableClients.push(c);
    return c;
  };
  const requests = async (path: string) => (await wx.stats()).requests[path] ?? 0;

  beforeAll(async () => {
    wx = await startTestEmulator();
  });
  afterEach(() => wx.clearFaults());
  afterAll(async () => {
    await Promise.all(stableClients.map((c) => c.close()));
    await wx.close();
  });

  it('independent systems (no shared store) share one token and never invalidate each other', async () => {
    const a = stableClient();
    const b = stableClient();
    const token = await a.getAccessToken();
    expect(await b.getAccessToken()).toBe(token);
    // Past the 5 minutes a classic fetch would have left the other system's token.
    await wx.advance(301);
    await expect(a.templates.list({ offset: 0, count: 1 })).resolves.toMatchObject({ errcode: 0 });
    await expect(b.templates.list({ offset: 0, count: 1 })).resolves.toMatchObject({ errcode: 0 });
    expect(await a.getAccessToken()).toBe(token);

    // The same two systems on the classic endpoint: the second fetch ends the first's token.
    const c = stableClient({ tokenEndpoint: 'classic' });
    const d = stableClient({ tokenEndpoint: 'classic' });
    const first = await c.getAccessToken();
    expect(await d.getAccessToken()).not.toBe(first);
    await wx.advance(301);
    const before = await requests(WeChatPath.token);
    await expect(c.templates.list({ offset: 0, count: 1 })).resolves.toMatchObject({ errcode: 0 });
    expect(await requests(WeChatPath.token)).toBe(before + 1); // c had to renew
  });

  it('keeps the secret out of every URL (undici diagnostics see no secret=)', async () => {
    const urls: string[] = [];
    const listener = (message: unknown) => {
      const { request } = message as { request: { origin: string; path: string } };
      urls.push(`${request.origin}${request.path}`);
    };
    diagnostics.subscribe('undici:request:create', listener);
    try {
      await stableClient().getAccessToken();
    } finally {
      diagnostics.unsubscribe('undici:request:create', listener);
    }
    expect(urls.some((url) => url.includes(WeChatPath.stableToken))).toBe(true);
    expect(urls.join('\n')).not.toContain(wx.appSecret);
    expect(urls.join('\n')).not.toContain('secret=');
  });

  it('a refused token is asked again, then force-refreshed once: the call goes through', async () => {
    const client = stableClient();
    const token = await client.getAccessToken();
    await wx.advance(31); // clear of any earlier forced renewal
    await wx.faults([{ path: LIST, errcode: 40001, times: 1 }]);
    const before = await requests(WeChatPath.stableToken);
    await expect(client.templates.list({ offset: 0, count: 1 })).resolves.toMatchObject({
      errcode: 0,
    });
    // A normal request (still the refused token), then a forced one.
    expect(await requests(WeChatPath.stableToken)).toBe(before + 2);
    const renewed = await client.getAccessToken();
    expect(renewed).not.toBe(token);
    // Everyone else now gets the forced token from a normal request.
    expect(await stableClient().getAccessToken()).toBe(renewed);
  });

  it('WeChat answering the refused token again is an AccessTokenError, not a second refused call', async () => {
    const client = stableClient();
    await client.getAccessToken();
    await wx.advance(31);
    await wx.faults([{ path: LIST, errcode: 40001, times: 2 }]);
    await expect(client.templates.list({ offset: 0, count: 1 })).rejects.toMatchObject({
      errcode: 40001,
    });
    // Within 30 s of that forced renewal WeChat renews nothing: the SDK says so and sends nothing.
    await wx.faults([{ path: LIST, errcode: 40001, times: 1 }]);
    const listsBefore = await requests(LIST);
    const error = await client.templates.list({ offset: 0, count: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessTokenError);
    expect((error as Error).message).toMatch(/answered the access_token it just refused/);
    expect(await requests(LIST)).toBe(listsBefore + 1);
  });
});
