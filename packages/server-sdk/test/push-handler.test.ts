import { encryptPush, signPush } from '@wxtpl/testkit';
import { describe, expect, it } from 'vitest';
import { CreditPool } from '../src/pool/index.js';
import { createMessagePushHandler } from '../src/push/index.js';
import { createMemoryStore } from '../src/store/index.js';

// Signing and encryption from the testkit, written independently of src/push.
const APP = 'wxpushunit000001';
const TOKEN = 'unitToken';
const AES_KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq';
const sign = signPush;
const encrypt = (message: string, appId = APP) => encryptPush(AES_KEY, appId, message);

function setUp(mode: 'safe' | 'plaintext' = 'safe') {
  const pool = new CreditPool({ store: createMemoryStore(), appId: APP });
  const handler = createMessagePushHandler({
    appId: APP,
    token: TOKEN,
    ...(mode === 'safe' ? { encodingAESKey: AES_KEY } : {}),
    pool,
  });
  return { pool, handler };
}

const popup = (openid: string, createTime = Math.floor(Date.now() / 1000)) =>
  JSON.stringify({
    ToUserName: 'gh_000000000000',
    FromUserName: openid,
    CreateTime: createTime,
    MsgType: 'event',
    Event: 'subscribe_msg_popup_event',
    List: [{ TemplateId: 'tplA', SubscribeStatusString: 'accept', PopupScene: '0' }],
  });

function post(
  body: string,
  query: Record<string, string>,
  init: { method?: string } = {},
): Request {
  return new Request(`https://app.example/wechat/push?${new URLSearchParams(query)}`, {
    method: init.method ?? 'POST',
    body,
  });
}

const signed = (timestamp = String(Math.floor(Date.now() / 1000)), nonce = 'n1') => ({
  timestamp,
  nonce,
  signature: sign(TOKEN, timestamp, nonce),
});

describe('createMessagePushHandler refuses what WeChat did not send', () => {
  it('answers the URL check only with the right signature', async () => {
    const { handler } = setUp();
    const query = { ...signed(), echostr: 'echo-123' };
    const ok = await handler(new Request(`https://x/p?${new URLSearchParams(query)}`));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('echo-123');
    const bad = await handler(
      new Request(`https://x/p?${new URLSearchParams({ ...query, signature: '0'.repeat(40) })}`),
    );
    expect(bad.status).toBe(401);
  });

  it('stores a plaintext push signed with the Token, and nothing from anything else', async () => {
    // Plaintext mode: without an EncodingAESKey (with one, only encrypted pushes are accepted).
    const { pool, handler } = setUp('plaintext');
    const refused = [
      await handler(post(popup('o-forged'), { ...signed(), signature: sign('wrong', 't', 'n') })),
      await handler(post(popup('o-forged'), signed(String(Math.floor(Date.now() / 1000) - 3600)))),
      await handler(post('{"FromUserName": ', signed())),
      await handler(post('<xml><FromUserName>o</FromUserName>', signed())),
      await handler(
        post(
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><FromUserName>&e;</FromUserName></xml>',
          signed(),
        ),
      ),
      await handler(post('x'.repeat(70 * 1024), signed())),
      await handler(post(popup('o-forged'), signed(), { method: 'PUT' })),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 400, 400, 400, 413, 405]);
    expect(await pool.available('o-forged', { templateId: 'tplA' })).toBe(0);
    const ok = await handler(post(popup('o-real'), signed()));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('success');
    expect(await pool.available('o-real', { templateId: 'tplA' })).toBe(1);
  });

  it('decrypts safe mode, and refuses a ciphertext of another app or a wrong msg_signature', async () => {
    const { pool, handler } = setUp();
    const base = signed();
    const send = (encrypted: string, msgSignature?: string) =>
      handler(
        post(JSON.stringify({ ToUserName: 'gh_000000000000', Encrypt: encrypted }), {
          ...base,
          encrypt_type: 'aes',
          msg_signature: msgSignature ?? sign(TOKEN, base.timestamp, base.nonce, encrypted),
        }),
      );
    const other = encrypt(popup('o-other'), 'wxanotherapp0001');
    expect((await send(other)).status).toBe(400);
    const mine = encrypt(popup('o-safe'));
    expect((await send(mine, sign('x', 'y', 'z', 'w'))).status).toBe(401);
    expect((await send(mine)).status).toBe(200);
    expect(await pool.available('o-other', { templateId: 'tplA' })).toBe(0);
    expect(await pool.available('o-safe', { templateId: 'tplA' })).toBe(1);
    // The same push again (WeChat's retry): answered, not recorded twice.
    expect(await (await send(mine)).text()).toBe('success');
    expect(await pool.available('o-safe', { templateId: 'tplA' })).toBe(1);
  });

  it('refuses a safe-mode push when it has no EncodingAESKey', async () => {
    const pool = new CreditPool({ store: createMemoryStore(), appId: APP });
    const handler = createMessagePushHandler({ appId: APP, token: TOKEN, pool });
    const encrypted = encrypt(popup('o-x'));
    const base = signed();
    const response = await handler(
      post(JSON.stringify({ ToUserName: 'gh', Encrypt: encrypted }), {
        ...base,
        encrypt_type: 'aes',
        msg_signature: sign(TOKEN, base.timestamp, base.nonce, encrypted),
      }),
    );
    expect(response.status).toBe(400);
  });
});

describe('createMessagePushHandler tells each event once', () => {
  it('two receipts of one user in one second are two events; a retry of either is none', async () => {
    const pool = new CreditPool({ store: createMemoryStore(), appId: APP });
    const told: string[] = [];
    const handler = createMessagePushHandler({
      appId: APP,
      token: TOKEN,
      pool,
      onEvent: (event) => {
        if (event.kind === 'sent') told.push(...event.receipts.map((r) => r.msgId));
      },
    });
    const createTime = Math.floor(Date.now() / 1000);
    const receipt = (msgId: string) =>
      JSON.stringify({
        ToUserName: 'gh_000000000000',
        FromUserName: 'o-receipts',
        CreateTime: createTime,
        MsgType: 'event',
        Event: 'subscribe_msg_sent_event',
        List: { TemplateId: 'tplA', MsgID: msgId, ErrorCode: 0, ErrorStatus: 'success' },
      });
    for (const [msgId, nonce] of [
      ['1001', 'n1'],
      ['1002', 'n2'],
      ['1001', 'n3'],
      ['1002', 'n4'],
    ] as const) {
      const answer = await handler(post(receipt(msgId), signed(String(createTime), nonce)));
      expect(await answer.text()).toBe('success');
    }
    expect(told).toEqual(['1001', '1002']);
  });
});
