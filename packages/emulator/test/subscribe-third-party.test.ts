import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { APP, startTestEmulator } from './helpers.js';
import { PAID_DATA, subscribeSetup } from './subscribe-fixtures.js';

// co-wechat-api, a third-party WeChat client, unchanged: only its base URL points at the emulator.
const require = createRequire(import.meta.url);
const WeChatAPI = require('co-wechat-api') as new (
  appid: string,
  secret: string,
) => {
  prefix: string;
  sendSubscribeMessage(
    openid: string,
    templateId: string,
    page: string,
    data: object,
  ): Promise<{ errcode: number; errmsg: string; msgid?: unknown }>;
};

const USER = 'oThirdPartyClient00000000001';

describe('co-wechat-api pointed at the emulator', () => {
  let emulator: RunningEmulator;
  let paid: string;
  beforeAll(async () => {
    ({ emulator } = await startTestEmulator());
    ({ paid } = await subscribeSetup(emulator, USER));
  });
  afterAll(() => emulator.close());

  it("sends a subscribe message, then gets WeChat's 43101 as a WeChatAPIError", async () => {
    const api = new WeChatAPI(APP.appId, APP.appSecret);
    api.prefix = `${emulator.url}/cgi-bin/`;
    await emulator.control.subscribe({ appId: APP.appId, openid: USER, templateIds: [paid] });
    const answer = await api.sendSubscribeMessage(USER, paid, 'pages/index/index', PAID_DATA);
    expect(answer).toMatchObject({ errcode: 0, errmsg: 'ok' });
    const [message] = await emulator.control.inbox({ appId: APP.appId, openid: USER, kind: 'all' });
    expect(message).toMatchObject({ kind: 'subscribe', template_id: paid, data: PAID_DATA });

    const refused = await api
      .sendSubscribeMessage(USER, paid, 'pages/index/index', PAID_DATA)
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'WeChatAPIError', code: 43101 });
    expect((await emulator.control.stats()).tokensIssued).toBe(1);
  });
});
