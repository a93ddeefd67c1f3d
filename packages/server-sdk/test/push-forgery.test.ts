import { encryptPush, signPush } from '@wxtpl/testkit';
import { describe, expect, it } from 'vitest';
import { CreditPool } from '../src/pool/index.js';
import { createMessagePushHandler } from '../src/push/index.js';
import { parseXml } from '../src/push/xml.js';
import { createMemoryStore } from '../src/store/index.js';

// Red-team findings against the message-push handler: what an outsider who saw one genuine push's
// URL (an access log, a proxy, a trace) can make the handler store.
const APP = 'wxpushattack0001';
const TOKEN = 'attackToken';
const AES_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj';

const popup = (openid: string, templateId = 'tplA') =>
  JSON.stringify({
    ToUserName: 'gh_000000000000',
    FromUserName: openid,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'event',
    Event: 'subscribe_msg_popup_event',
    List: [{ TemplateId: templateId, SubscribeStatusString: 'accept', PopupScene: '0' }],
  });

const post = (body: string, query: Record<string, string>) =>
  new Request(`https://app.example/wechat/push?${new URLSearchParams(query)}`, {
    method: 'POST',
    body,
  });

function setUp(withKey: boolean) {
  const pool = new CreditPool({ store: createMemoryStore(), appId: APP });
  const handler = createMessagePushHandler({
    appId: APP,
    token: TOKEN,
    ...(withKey ? { encodingAESKey: AES_KEY } : {}),
    pool,
  });
  return { pool, handler };
}

/** The query WeChat puts on a push: plaintext mode signs only Token, timestamp and nonce. */
function genuineQuery(nonce: string, encrypted?: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const query: Record<string, string> = {
    timestamp,
    nonce,
    signature: signPush(TOKEN, timestamp, nonce),
  };
  if (encrypted !== undefined) {
    query.encrypt_type = 'aes';
    query.msg_signature = signPush(TOKEN, timestamp, nonce, encrypted);
  }
  return query;
}

describe('message push: a seen URL forges nothing', () => {
  it('safe mode configured: a plaintext body under the URL of a genuine encrypted push is refused', async () => {
    const { pool, handler } = setUp(true);
    const encrypted = encryptPush(AES_KEY, APP, popup('o-genuine'));
    const query = genuineQuery('n-safe', encrypted);
    const genuine = await handler(
      post(JSON.stringify({ ToUserName: 'gh', Encrypt: encrypted }), query),
    );
    expect(genuine.status).toBe(200);

    // The attacker keeps `signature` (it covers no body) and drops the safe-mode parameters.
    const { timestamp = '', nonce = '', signature = '' } = query;
    const forged = await handler(
      post(popup('o-victim', 'tplForged'), { timestamp, nonce, signature }),
    );
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);
    expect(await pool.available('o-victim', { templateId: 'tplForged' })).toBe(0);
  });

  it('plaintext mode: the signature of one push does not carry another body', async () => {
    const { pool, handler } = setUp(false);
    const query = genuineQuery('n-plain');
    const genuine = await handler(post(popup('o-genuine'), query));
    expect(genuine.status).toBe(200);
    expect(await pool.available('o-genuine', { templateId: 'tplA' })).toBe(1);

    const forged = await handler(post(popup('o-victim', 'tplForged'), query));
    expect(forged.status).toBe(401);
    expect(await pool.available('o-victim', { templateId: 'tplForged' })).toBe(0);

    // WeChat's own retry (same URL, same body) is still answered `success`, without effect.
    const retry = await handler(post(popup('o-genuine'), query));
    expect(await retry.text()).toBe('success');
    expect(await pool.available('o-genuine', { templateId: 'tplA' })).toBe(1);
  });
});

describe('message push: the URL check hands out no push signature', () => {
  it('plaintext mode: the timestamp, nonce and signature of a URL check sign no POST', async () => {
    const { pool, handler } = setUp(false);
    // The console's URL check is signed exactly like a plaintext push, and its URL is as visible.
    const query = genuineQuery('n-check');
    const check = await handler(
      new Request(
        `https://app.example/wechat/push?${new URLSearchParams({ ...query, echostr: 'e1' })}`,
      ),
    );
    expect(await check.text()).toBe('e1');

    const forged = await handler(post(popup('o-victim', 'tplForged'), query));
    expect(forged.status).toBe(401);
    expect(await pool.available('o-victim', { templateId: 'tplForged' })).toBe(0);
  });
});

describe('message push XML: element names are data, never object internals', () => {
  it('an element named __proto__ is an own field, as in JSON, and swaps no prototype', () => {
    const parsed = parseXml(
      '<xml><__proto__><List>x</List></__proto__><__proto__>y</__proto__><FromUserName>o</FromUserName></xml>',
    );
    expect(parsed).not.toBeNull();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed as object, '__proto__')).toBe(true);
    expect((parsed as Record<string, unknown>).List).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual([
      { List: 'x' },
      'y',
    ]);
  });

  it('an element named like an Object.prototype method is one value, not [method, value]', () => {
    const parsed = parseXml('<xml><toString>a</toString><constructor>b</constructor></xml>');
    expect(parsed).toEqual({ toString: 'a', constructor: 'b' });
  });
});

describe('message push: replay protection cannot be configured away', () => {
  it('refuses a maxAgeMs that is not a positive finite number (NaN let every timestamp pass)', () => {
    const pool = new CreditPool({ store: createMemoryStore(), appId: APP });
    for (const maxAgeMs of [Number.NaN, Number.POSITIVE_INFINITY, 0, -1]) {
      expect(() => createMessagePushHandler({ appId: APP, token: TOKEN, pool, maxAgeMs })).toThrow(
        /maxAgeMs/,
      );
    }
  });

  it('a maxAgeMs longer than 30 minutes still answers a replayed revocation without effect', async () => {
    let clock = Date.UTC(2026, 10, 30, 8, 0, 0);
    const now = () => clock;
    const store = createMemoryStore({ now });
    const pool = new CreditPool({ store, appId: APP, now });
    const handler = createMessagePushHandler({
      appId: APP,
      token: TOKEN,
      encodingAESKey: AES_KEY,
      pool,
      now,
      maxAgeMs: 2 * 60 * 60 * 1000,
    });
    const event = (name: string, status: string) =>
      JSON.stringify({
        ToUserName: 'gh_000000000000',
        FromUserName: 'o-replay',
        CreateTime: Math.floor(clock / 1000),
        MsgType: 'event',
        Event: name,
        List: [{ TemplateId: 'tplR', SubscribeStatusString: status, PopupScene: '0' }],
      });
    const signedRequest = (plain: string, nonce: string) => {
      const encrypted = encryptPush(AES_KEY, APP, plain);
      const timestamp = String(Math.floor(clock / 1000));
      const query = new URLSearchParams({
        timestamp,
        nonce,
        signature: signPush(TOKEN, timestamp, nonce),
        encrypt_type: 'aes',
        msg_signature: signPush(TOKEN, timestamp, nonce, encrypted),
      });
      const body = JSON.stringify({ ToUserName: 'gh_000000000000', Encrypt: encrypted });
      return () =>
        new Request(`https://app.example/wechat/push?${query}`, { method: 'POST', body });
    };

    expect(
      (await handler(signedRequest(event('subscribe_msg_popup_event', 'accept'), 'a')())).status,
    ).toBe(200);
    clock += 60_000;
    const rejection = signedRequest(event('subscribe_msg_change_event', 'reject'), 'b');
    expect((await handler(rejection())).status).toBe(200);
    expect(await pool.available('o-replay', { templateId: 'tplR' })).toBe(0);
    clock += 60_000;
    expect(
      (await handler(signedRequest(event('subscribe_msg_popup_event', 'accept'), 'c')())).status,
    ).toBe(200);
    expect(await pool.available('o-replay', { templateId: 'tplR' })).toBe(1);

    // 40 minutes later, within maxAgeMs, someone who kept the rejection's request sends it again.
    clock += 40 * 60_000;
    const replay = await handler(rejection());
    expect(await replay.text()).toBe('success');
    expect(await pool.available('o-replay', { templateId: 'tplR' })).toBe(1);
  });
});
