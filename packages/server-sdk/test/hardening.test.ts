import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { format, inspect } from 'node:util';
import { WeChatPath } from '@wxtpl/shared-types';
import { clientFor } from '@wxtpl/testkit';
import { useTestEmulator } from '@wxtpl/testkit/hooks';
import { ReplyError } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WeChatClient } from '../src/client/index.js';
import { AccessTokenError, WeChatTransportError } from '../src/errors.js';
import { DeliveryUnknownError, Notifier } from '../src/notify/index.js';
import { CreditPool, CreditStoreError } from '../src/pool/index.js';
import { createMemoryStore, type Store } from '../src/store/index.js';

const SEND = WeChatPath.templateSend;
// The default token endpoint.
const TOKEN = WeChatPath.stableToken;
const data = { place: 'TIT造舰厂', time: '2026年11月30日', item: '咖啡' };

const emu = useTestEmulator({ purchaseTemplate: true });
let seq = 0;

/** A user with a prepay_id (3 uses) and a fresh client with no token yet. */
async function coldUser(options: { timeoutMs?: number } = {}) {
  const openid = `o-hard-${seq++}`;
  const store = createMemoryStore();
  const client = clientFor(emu, { store, ...options });
  const pool = new CreditPool({ store, appId: emu.appId, now: emu.now });
  await pool.addPrepayId(openid, await emu.control.prepay({ appId: emu.appId, openid }));
  const sends = async () => (await emu.control.stats()).requests[SEND] ?? 0;
  return { openid, client, pool, notifier: new Notifier({ client, pool }), sends };
}

describe('a failed access_token fetch burns no credit', () => {
  it.each([
    ['a 502 from the token endpoint', { path: TOKEN, httpStatus: 502 }],
    ['a reset token connection', { path: TOKEN, reset: true }],
    ['a token endpoint slower than timeoutMs', { path: TOKEN, delayMs: 600 }],
  ])('%s: AccessTokenError, nothing sent, all 3 uses kept', async (_what, rule) => {
    const fx = await coldUser({ timeoutMs: 200 });
    await emu.control.faults([rule]);
    const before = await fx.sends();
    const error = await fx.notifier
      .notify({ openid: fx.openid, template: emu.template, data })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessTokenError);
    expect(await fx.sends()).toBe(before);
    expect(await fx.pool.available(fx.openid)).toBe(3);
    await fx.client.close();
  });

  it('a warm client whose renewal after 40001 fails keeps the use too', async () => {
    const fx = await coldUser();
    await fx.client.getAccessToken();
    await emu.control.faults([
      { path: SEND, errcode: 40001, times: 1 },
      { path: TOKEN, httpStatus: 502 },
    ]);
    const error = await fx.notifier
      .notify({ openid: fx.openid, template: emu.template, data })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessTokenError);
    expect(await fx.pool.available(fx.openid)).toBe(3);
    await fx.client.close();
  });
});

describe('renewals under a persistent 40001 are throttled', () => {
  it('stops fetching after 3 fresh tokens are refused, with a typed error', async () => {
    const fx = await coldUser();
    await fx.client.getAccessToken();
    await emu.control.faults([{ path: SEND, errcode: 40001 }]);
    const tokenRequests = async () => (await emu.control.stats()).requests[TOKEN] ?? 0;
    const tokensBefore = (await emu.control.stats()).tokensIssued;
    const requestsBefore = await tokenRequests();
    const payload = {
      touser: fx.openid,
      template_id: emu.template.id,
      form_id: 'unused',
      data: { keyword1: { value: 'a' }, keyword2: { value: 'b' }, keyword3: { value: 'c' } },
    };
    const errors: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      errors.push(await fx.client.messages.send(payload).catch((e: unknown) => e));
    }
    const fetched = (await emu.control.stats()).tokensIssued - tokensBefore;
    const kinds: Record<string, number> = {};
    for (const e of errors) {
      const kind = `${(e as Error).name}: ${(e as Error).message.slice(0, 60)}`;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    expect(fetched, JSON.stringify(kinds)).toBeLessThanOrEqual(3);
    // stable_token answers the refused token again (one forced renewal per 30 s): each refusal
    // costs at most a normal and a forced request, and the pause stops them.
    expect(await tokenRequests()).toBeLessThanOrEqual(requestsBefore + 8);
    const paused = errors.filter(
      (e) => e instanceof AccessTokenError && /renewals pause/.test(e.message),
    );
    expect(paused.length, JSON.stringify(kinds)).toBeGreaterThan(190);
    await fx.client.close();
  });
});

describe('a 200 answer that is not WeChat success never counts as delivered', () => {
  let fake: Server;
  let url: string;
  let sendBody = '';
  let sends = 0;

  beforeAll(async () => {
    fake = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith(TOKEN)) {
        res.end(JSON.stringify({ access_token: 'fake-token-value', expires_in: 7200 }));
        return;
      }
      sends += 1;
      req.resume();
      res.end(sendBody);
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => fake.close(() => resolve()));
  });

  it.each([
    ['[]', '[]'],
    ['a proxy page', JSON.stringify({ code: 403, message: 'blocked by WAF' })],
    ['a string errcode', JSON.stringify({ errcode: '45009' })],
    ['an empty object', '{}'],
  ])('%s: a bad_response whose outcome is unknown; the formId stays spent', async (_what, body) => {
    sendBody = body;
    const store = createMemoryStore();
    const client = new WeChatClient({ appId: 'wxfake', appSecret: 's', baseUrl: url, store });
    const pool = new CreditPool({ store, appId: 'wxfake' });
    await pool.ingest('o-fake', [{ formId: 'f-1', createdAt: Date.now() }]);
    const payload = {
      touser: 'o-fake',
      template_id: 't',
      form_id: 'f-0',
      data: { keyword1: { value: 'a' } },
    };
    const raw = await client.messages.send(payload).catch((e: unknown) => e);
    expect(raw).toBeInstanceOf(WeChatTransportError);
    expect(raw).toMatchObject({ failure: 'bad_response', requestSent: true });
    const before = sends;
    const notifier = new Notifier({ client, pool });
    const template = { id: 't', title: '购买成功通知', keywords: { item: 'keyword1' } } as const;
    const error = await notifier
      .notify({ openid: 'o-fake', template, data: { item: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryUnknownError);
    // One send and the one unknown-outcome retry with the same formId; never a second credit.
    expect(sends - before).toBe(2);
    expect(await pool.available('o-fake')).toBe(0);
    await client.close();
  });
});

describe('a store failure carries no secret into the error', () => {
  it('keeps the command arguments of a Redis reply error out of AccessTokenError', async () => {
    const memory = createMemoryStore();
    let refusedValue = '';
    const oom: Store = {
      ...memory,
      credits: memory.credits,
      get: (key) => memory.get(key),
      setIfAbsent: (key, value, ttl) => memory.setIfAbsent(key, value, ttl),
      compareAndDelete: (key, expected) => memory.compareAndDelete(key, expected),
      delete: (key) => memory.delete(key),
      increment: (key, windowMs) => memory.increment(key, windowMs),
      close: () => memory.close(),
      async set(key, value) {
        refusedValue = value;
        const error = new ReplyError("OOM command not allowed when used memory > 'maxmemory'.");
        Object.assign(error, { command: { name: 'set', args: [key, value, 'PX', 7200000] } });
        throw error;
      },
    };
    const client = clientFor(emu, { store: oom });
    const error = await client.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessTokenError);
    const token = JSON.parse(refusedValue).access_token as string;
    expect(token.length).toBeGreaterThan(10);
    for (const text of [
      inspect(error, { depth: 10, showHidden: true }),
      JSON.stringify(error),
      format('%o', error),
      String((error as Error).stack),
    ]) {
      expect(text).not.toContain(token);
    }
    expect((error as AccessTokenError).message).toContain('OOM');
    await client.close();
  });
});

describe("the caller's signal", () => {
  it('is honoured before the take: nothing taken, typed CreditStoreError', async () => {
    const fx = await coldUser();
    const controller = new AbortController();
    controller.abort(new Error('gave up'));
    const error = await fx.notifier
      .notify({ openid: fx.openid, template: emu.template, data, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreditStoreError);
    expect(await fx.pool.available(fx.openid)).toBe(3);
    await fx.client.close();
  });
});
