import { encryptPush, signPush } from '@wxtpl/testkit';
import { usePrivateRedisStore } from '@wxtpl/testkit/hooks';
import { describe, expect, it } from 'vitest';
import { CreditPool } from '../src/pool/index.js';
import { createMessagePushHandler } from '../src/push/index.js';

// Red-team finding: a push that met a Redis pause just longer than commandTimeoutMs was never
// recorded. Its `SET … NX` ("handling", 30 minutes) ran once Redis answered again, after the
// handler had answered 500, so every retry of WeChat's was told 503 "being handled".
const APP = 'wxpushfrozen0001';
const TOKEN = 'frozenToken';
const AES_KEY = 'ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkj';

describe('message push on a Redis that pauses', () => {
  const fixture = usePrivateRedisStore({ prefix: 'attack:', commandTimeoutMs: 200 });

  it('records WeChat’s retry of a push that timed out while Redis was frozen', async () => {
    const pool = new CreditPool({ store: fixture.store, appId: APP });
    const handler = createMessagePushHandler({
      appId: APP,
      token: TOKEN,
      encodingAESKey: AES_KEY,
      pool,
    });
    const createTime = Math.floor(Date.now() / 1000);
    const encrypted = encryptPush(
      AES_KEY,
      APP,
      JSON.stringify({
        ToUserName: 'gh_000000000000',
        FromUserName: 'o-frozen',
        CreateTime: createTime,
        MsgType: 'event',
        Event: 'subscribe_msg_popup_event',
        List: [{ TemplateId: 'tplA', SubscribeStatusString: 'accept', PopupScene: '0' }],
      }),
    );
    const timestamp = String(createTime);
    const query = new URLSearchParams({
      timestamp,
      nonce: 'n-frozen',
      signature: signPush(TOKEN, timestamp, 'n-frozen'),
      encrypt_type: 'aes',
      msg_signature: signPush(TOKEN, timestamp, 'n-frozen', encrypted),
    });
    const push = () =>
      handler(
        new Request(`https://app.example/wechat/push?${query}`, {
          method: 'POST',
          body: JSON.stringify({ ToUserName: 'gh_000000000000', Encrypt: encrypted }),
        }),
      );

    fixture.redis.freeze();
    const first = await push();
    expect(first.status).toBe(500);
    fixture.redis.thaw();
    // Redis runs what was queued meanwhile.
    expect(await fixture.inspector.ping()).toBe('PONG');
    await fixture.store.get('flush');

    const retry = await push();
    expect(retry.status).toBe(200);
    expect(await retry.text()).toBe('success');
    expect(await pool.available('o-frozen', { templateId: 'tplA' })).toBe(1);
  });
});
