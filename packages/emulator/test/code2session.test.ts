import { Errcode } from '@wxtpl/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devtoolsOpenid, type RunningEmulator } from '../src/index.js';
import { APP, OTHER_APP, startTestEmulator, type WxCaller } from './helpers.js';

describe('GET /sns/jscode2session', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  beforeAll(async () => ({ emulator, wx } = await startTestEmulator()));
  afterAll(() => emulator.close());

  const exchange = (code: string | undefined, app = APP, extra: Record<string, string> = {}) => {
    const params = new URLSearchParams({
      appid: app.appId,
      secret: app.appSecret,
      grant_type: 'authorization_code',
      ...extra,
    });
    if (code !== undefined) params.set('js_code', code);
    return wx.get(`/sns/jscode2session?${params.toString()}`);
  };

  it('exchanges a login code once for {openid, session_key}', async () => {
    const { code, openid } = await emulator.control.login({ appId: APP.appId });
    expect(openid).toMatch(/^o[\w-]{27}$/);
    const { body } = await exchange(code);
    expect(body).toEqual({ openid, session_key: expect.stringMatching(/^[A-Za-z0-9+/]{22}==$/) });
    expect((await exchange(code)).body.errcode).toBe(Errcode.INVALID_CODE);
  });

  it('keeps the openid a test chooses', async () => {
    const { code, openid } = await emulator.control.login({ appId: APP.appId, openid: 'oChosen' });
    expect(openid).toBe('oChosen');
    expect((await exchange(code)).body.openid).toBe('oChosen');
  });

  it('refuses unknown codes, other apps codes and expired codes with 40029', async () => {
    expect((await exchange('0nosuchcode')).body.errcode).toBe(Errcode.INVALID_CODE);
    const other = await emulator.control.login({ appId: OTHER_APP.appId });
    expect((await exchange(other.code)).body.errcode).toBe(Errcode.INVALID_CODE);
    const late = await emulator.control.login({ appId: APP.appId });
    await emulator.control.advanceClock(301);
    expect((await exchange(late.code)).body.errcode).toBe(Errcode.INVALID_CODE);
  });

  it('checks appid, secret, grant_type and js_code', async () => {
    const { code } = await emulator.control.login({ appId: APP.appId });
    expect((await exchange(code, { appId: 'wxnope', appSecret: 'x' })).body.errcode).toBe(
      Errcode.INVALID_APPID,
    );
    expect((await exchange(code, { ...APP, appSecret: 'wrong' })).body.errcode).toBe(
      Errcode.INVALID_APPSECRET,
    );
    expect((await exchange(code, APP, { grant_type: 'client_credential' })).body.errcode).toBe(
      Errcode.INVALID_GRANT_TYPE,
    );
    expect((await exchange(undefined)).body).toEqual({ errcode: 41008, errmsg: 'missing code' });
    const noAppid = await wx.get(`/sns/jscode2session?js_code=${code}`);
    expect(noAppid.body.errcode).toBe(Errcode.APPID_MISSING);
    // The refused attempts did not consume the code.
    expect((await exchange(code)).body.openid).toEqual(expect.any(String));
  });
});

describe('DevTools login (devtoolsLogin, dev only)', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  const DEVTOOLS_APP = { appId: 'wxdevtools000001', appSecret: 'devtools-secret' };
  beforeAll(
    async () =>
      ({ emulator, wx } = await startTestEmulator({
        apps: [{ ...DEVTOOLS_APP, devtoolsLogin: true }, APP],
      })),
  );
  afterAll(() => emulator.close());

  const exchange = (code: string, app: { appId: string; appSecret: string }) =>
    wx.get(
      `/sns/jscode2session?${new URLSearchParams({ appid: app.appId, secret: app.appSecret, js_code: code, grant_type: 'authorization_code' })}`,
    );

  it("maps any code the emulator did not issue to the app's one DevTools openid", async () => {
    const openid = devtoolsOpenid(DEVTOOLS_APP.appId);
    expect(openid).toMatch(/^oDevTools[\w-]{19}$/);
    const first = await exchange('0c3Xyz0w3a7rzK2Jt90w3xYZ9b0Xyz0m', DEVTOOLS_APP);
    const second = await exchange('0d1Abc0w3a7rzK2Jt90w3xYZ9b0Abc0n', DEVTOOLS_APP);
    expect(first.body).toEqual({ openid, session_key: expect.any(String) });
    expect(second.body.openid).toBe(openid);
    expect(devtoolsOpenid(APP.appId)).not.toBe(openid);
    const users = await emulator.control.users({ appId: DEVTOOLS_APP.appId });
    expect(users.map((u) => u.openid)).toEqual([openid]);
  });

  it('still exchanges the codes it issued for their own users', async () => {
    const { code, openid } = await emulator.control.login({
      appId: DEVTOOLS_APP.appId,
      openid: 'oPhoneUser',
    });
    expect((await exchange(code, DEVTOOLS_APP)).body.openid).toBe(openid);
  });

  it('leaves other apps strict: an unknown code is 40029', async () => {
    expect((await exchange('0c3Xyz0w3a7rzK2Jt90w3xYZ9b0Xyz0m', APP)).body.errcode).toBe(
      Errcode.INVALID_CODE,
    );
  });

  it('is switched on and off for an app through the control plane', async () => {
    await emulator.control.registerApp({ ...APP, devtoolsLogin: true });
    expect((await exchange('0anyDevToolsCode', APP)).body.openid).toBe(devtoolsOpenid(APP.appId));
    await emulator.control.registerApp(APP);
    expect((await exchange('0anyDevToolsCode', APP)).body.errcode).toBe(Errcode.INVALID_CODE);
  });
});
