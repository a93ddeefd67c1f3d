import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signPush } from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditPool } from '../src/pool/index.js';
import { createMessagePushHandler } from '../src/push/index.js';
import { createMemoryStore } from '../src/store/index.js';
import { toExpress } from '../src/web/index.js';

// Red-team finding: Express 4's body-parser (1.x) sets `req.body = {}` on every request it does
// not parse, leaving the stream unread. Behind a global `express.json()`, an XML push (text/xml)
// therefore reached the handler as the JSON text `{}`: every XML push was refused, WeChat's
// retries too. (Express 5's body-parser leaves `req.body` undefined.)
const APP = 'wxadapterattack1';
const TOKEN = 'adapterToken';

describe('toExpress behind a body parser that skipped the request (Express 4)', () => {
  const pool = new CreditPool({ store: createMemoryStore(), appId: APP });
  const push = toExpress(createMessagePushHandler({ appId: APP, token: TOKEN, pool }));
  let server: Server;
  let url = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      // What body-parser 1.x json() does before finding the type is not JSON.
      const r = req as IncomingMessage & { body?: unknown };
      r.body = r.body || {};
      push(r, res, (error) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat/push`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads an XML push from the stream, not the empty object', async () => {
    const createTime = Math.floor(Date.now() / 1000);
    const xml =
      '<xml><ToUserName><![CDATA[gh_000000000000]]></ToUserName>' +
      '<FromUserName><![CDATA[o-xml-4]]></FromUserName>' +
      `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
      '<Event><![CDATA[subscribe_msg_popup_event]]></Event>' +
      '<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[tplX]]></TemplateId>' +
      '<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString>' +
      '<PopupScene>0</PopupScene></List></SubscribeMsgPopupEvent></xml>';
    const timestamp = String(createTime);
    const query = new URLSearchParams({
      timestamp,
      nonce: 'n-xml',
      signature: signPush(TOKEN, timestamp, 'n-xml'),
    });
    const answer = await fetch(`${url}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: xml,
    });
    expect(await answer.text()).toBe('success');
    expect(await pool.available('o-xml-4', { templateId: 'tplX' })).toBe(1);
  });
});
