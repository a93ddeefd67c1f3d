import { Errcode } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { APP, OTHER_APP, useResetEmulator, type WxCaller } from './helpers.js';

const LIST = '/cgi-bin/wxopen/template/list';
const PAGE = { offset: 0, count: 1 };

describe('GET /cgi-bin/token', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  useResetEmulator((started) => ({ emulator, wx } = started));

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

describe('POST /cgi-bin/stable_token', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  useResetEmulator((started) => ({ emulator, wx } = started));

  const STABLE = '/cgi-bin/stable_token';
  const grant = (extra: Record<string, unknown> = {}) => ({
    grant_type: 'client_credential',
    appid: APP.appId,
    secret: APP.appSecret,
    ...extra,
  });
  const stable = async (extra: Record<string, unknown> = {}) =>
    (await wx.post(STABLE, grant(extra))).body;

  it.each([
    [grant({ grant_type: 'password' }), Errcode.INVALID_GRANT_TYPE],
    [grant({ appid: undefined }), Errcode.APPID_MISSING],
    [grant({ appid: 'wxnosuchapp' }), Errcode.INVALID_APPID],
    [grant({ secret: undefined }), Errcode.APPSECRET_MISSING],
    [grant({ secret: OTHER_APP.appSecret }), Errcode.INVALID_APPSECRET],
    [grant({ force_refresh: 'yes' }), Errcode.INVALID_ARGS],
    [[grant()], Errcode.DATA_FORMAT_ERROR],
  ])('refuses %j with %i', async (body, errcode) => {
    const answer = (await wx.post(STABLE, body)).body;
    expect(answer.errcode).toBe(errcode);
    expect(answer).not.toHaveProperty('access_token');
    expect(JSON.stringify(answer)).not.toContain(APP.appSecret);
  });

  it('answers GET with 43002 and an empty body with 44002', async () => {
    expect((await wx.get(STABLE)).body.errcode).toBe(Errcode.REQUIRE_POST_METHOD);
    const empty = await fetch(`${emulator.url}${STABLE}`, { method: 'POST' });
    expect(((await empty.json()) as { errcode: number }).errcode).toBe(Errcode.EMPTY_POST_DATA);
  });

  it('answers every caller the same token while it is valid, with the seconds it has left', async () => {
    const first = await stable();
    await emulator.control.advanceClock(600);
    const again = await stable({ force_refresh: false });
    expect(again.access_token).toBe(first.access_token);
    expect(first.expires_in).toBe(7200);
    // The virtual clock also runs in real time.
    expect(again.expires_in).toBeGreaterThanOrEqual(6595);
    expect(again.expires_in).toBeLessThanOrEqual(6600);
    expect((await emulator.control.stats()).tokensIssued).toBe(1);
    expect((await wx.call(LIST, String(first.access_token), PAGE)).errcode).toBe(0);
  });

  it('renews in the last 5 minutes; the old token works until its own expiry', async () => {
    const first = String((await stable()).access_token);
    await emulator.control.advanceClock(6901);
    const renewed = String((await stable()).access_token);
    expect(renewed).not.toBe(first);
    expect((await wx.call(LIST, first, PAGE)).errcode).toBe(0);
    await emulator.control.advanceClock(299);
    expect((await wx.call(LIST, first, PAGE)).errcode).toBe(Errcode.ACCESS_TOKEN_EXPIRED);
    expect((await wx.call(LIST, renewed, PAGE)).errcode).toBe(0);
  });

  it('is a line of its own: /cgi-bin/token and stable_token never supersede each other', async () => {
    const steady = String((await stable()).access_token);
    const classic = await wx.token();
    await wx.token();
    await emulator.control.advanceClock(301);
    expect((await wx.call(LIST, steady, PAGE)).errcode).toBe(0);
    expect((await wx.call(LIST, classic, PAGE)).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    expect((await stable()).access_token).toBe(steady);
  });

  it('force_refresh ends the old token at once; a second force within 30 s renews nothing', async () => {
    const old = String((await stable()).access_token);
    const forced = String((await stable({ force_refresh: true })).access_token);
    expect(forced).not.toBe(old);
    expect((await wx.call(LIST, old, PAGE)).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    await emulator.control.advanceClock(29);
    expect((await stable({ force_refresh: true })).access_token).toBe(forced);
    await emulator.control.advanceClock(1);
    expect((await stable({ force_refresh: true })).access_token).not.toBe(forced);
  });

  it('allows 20 forced renewals per China-time day, then answers 45009 until midnight', async () => {
    // Start just after midnight in Beijing, so 21 forces 30 s apart all fall on one day.
    const now = await emulator.control.advanceClock(1);
    const day = 86_400_000;
    const cst = 8 * 3_600_000;
    const nextMidnight = Math.floor((now + cst) / day + 1) * day - cst;
    await emulator.control.advanceClock(Math.ceil((nextMidnight - now) / 1000) + 1);
    for (let i = 0; i < 20; i++) {
      expect((await stable({ force_refresh: true })).errcode ?? 0).toBe(0);
      await emulator.control.advanceClock(30);
    }
    expect((await stable({ force_refresh: true })).errcode).toBe(Errcode.API_DAILY_LIMIT);
    expect((await stable()).errcode ?? 0).toBe(0);
    await emulator.control.advanceClock(day / 1000);
    expect((await stable({ force_refresh: true })).errcode ?? 0).toBe(0);
  });

  it('tokens/invalidate ends stable tokens too; the next call gets a new one', async () => {
    const old = String((await stable()).access_token);
    await emulator.control.invalidateTokens({ appId: APP.appId });
    expect((await wx.call(LIST, old, PAGE)).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    const fresh = String((await stable()).access_token);
    expect(fresh).not.toBe(old);
    expect((await wx.call(LIST, fresh, PAGE)).errcode).toBe(0);
  });
});
