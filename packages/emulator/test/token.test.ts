import { Errcode } from '@wxtpl/shared-types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { APP, OTHER_APP, startTestEmulator, type WxCaller } from './helpers.js';

const LIST = '/cgi-bin/wxopen/template/list';
const PAGE = { offset: 0, count: 1 };

describe('GET /cgi-bin/token', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  beforeAll(async () => ({ emulator, wx } = await startTestEmulator()));
  afterAll(() => emulator.close());
  beforeEach(() => emulator.control.reset());

  const tokenUrl = (params: Record<string, string>) =>
    `/cgi-bin/token?${new URLSearchParams(params).toString()}`;

  it.each([
    [
      { grant_type: 'password', appid: APP.appId, secret: APP.appSecret },
      Errcode.INVALID_GRANT_TYPE,
    ],
    [{ appid: APP.appId, secret: APP.appSecret }, Errcode.INVALID_GRANT_TYPE],
    [{ grant_type: 'client_credential', secret: APP.appSecret }, Errcode.APPID_MISSING],
    [{ grant_type: 'client_credential', appid: 'wxnosuchapp', secret: 'x' }, Errcode.INVALID_APPID],
    [{ grant_type: 'client_credential', appid: APP.appId }, Errcode.APPSECRET_MISSING],
    [
      { grant_type: 'client_credential', appid: APP.appId, secret: 'wrong' },
      Errcode.INVALID_APPSECRET,
    ],
    [
      { grant_type: 'client_credential', appid: APP.appId, secret: OTHER_APP.appSecret },
      Errcode.INVALID_APPSECRET,
    ],
  ])('refuses %j with %i', async (params, errcode) => {
    const { status, body } = await wx.get(tokenUrl(params));
    expect(status).toBe(200);
    expect(body.errcode).toBe(errcode);
    expect(typeof body.errmsg).toBe('string');
    expect(body).not.toHaveProperty('access_token');
  });

  it('never echoes the secret in a refusal', async () => {
    const { body } = await wx.get(
      tokenUrl({ grant_type: 'client_credential', appid: APP.appId, secret: 'sup3r-secret-value' }),
    );
    expect(JSON.stringify(body)).not.toContain('sup3r-secret-value');
  });

  it('issues distinct tokens of at least 100 characters and counts them', async () => {
    const a = await wx.token();
    const b = await wx.token();
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(100);
    expect((await emulator.control.stats()).tokensIssued).toBe(2);
  });

  it('a token works until 7200 s on the virtual clock, then answers 42001', async () => {
    const token = await wx.token();
    await emulator.control.advanceClock(7199);
    expect((await wx.call(LIST, token, PAGE)).errcode).toBe(0);
    await emulator.control.advanceClock(1);
    expect(await wx.call(LIST, token, PAGE)).toEqual({
      errcode: Errcode.ACCESS_TOKEN_EXPIRED,
      errmsg: 'access_token expired',
    });
  });

  it('the previous token keeps working 5 minutes after a new one, then answers 40001', async () => {
    const old = await wx.token();
    await emulator.control.advanceClock(60);
    const fresh = await wx.token();
    await emulator.control.advanceClock(299);
    expect((await wx.call(LIST, old, PAGE)).errcode).toBe(0);
    await emulator.control.advanceClock(1);
    expect((await wx.call(LIST, old, PAGE)).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    expect((await wx.call(LIST, fresh, PAGE)).errcode).toBe(0);
  });

  it('a superseded token that expires inside the overlap answers 42001', async () => {
    const old = await wx.token();
    await emulator.control.advanceClock(7100);
    await wx.token();
    await emulator.control.advanceClock(100);
    expect((await wx.call(LIST, old, PAGE)).errcode).toBe(Errcode.ACCESS_TOKEN_EXPIRED);
  });

  it('tokens of one app do not supersede those of another', async () => {
    const mine = await wx.token();
    await wx.token(OTHER_APP);
    await emulator.control.advanceClock(301);
    expect((await wx.call(LIST, mine, PAGE)).errcode).toBe(0);
  });

  it('unknown tokens answer 40001 and a missing one 41001', async () => {
    expect((await wx.call(LIST, 'not-a-token', PAGE)).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    const { body } = await wx.post(LIST, PAGE);
    expect(body).toEqual({ errcode: Errcode.ACCESS_TOKEN_MISSING, errmsg: 'access_token missing' });
  });

  it('tokens/invalidate makes every token of the app answer 40001, new ones work', async () => {
    const a = await wx.token();
    const b = await wx.token();
    const other = await wx.token(OTHER_APP);
    await emulator.control.invalidateTokens({ appId: APP.appId });
    expect((await wx.call(LIST, a, PAGE)).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    expect((await wx.call(LIST, b, PAGE)).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    expect((await wx.call(LIST, other, PAGE)).errcode).toBe(0);
    expect((await wx.call(LIST, await wx.token(), PAGE)).errcode).toBe(0);
  });
});
