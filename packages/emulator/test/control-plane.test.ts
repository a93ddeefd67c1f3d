import { describe, expect, it } from 'vitest';
import {
  createEmulatorControl,
  EmulatorControlError,
  type RunningEmulator,
  startEmulator,
} from '../src/index.js';
import {
  APP,
  type AppsBody,
  getJson,
  OTHER_APP,
  SEND,
  useResetEmulator,
  type WxCaller,
} from './helpers.js';

describe('control plane', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  useResetEmulator((started) => ({ emulator, wx } = started));

  it('stats has exactly {tokensIssued, sends, requests, subscribeSends, pushes}', async () => {
    await wx.token();
    await wx.post(SEND, {});
    const stats = await emulator.control.stats();
    expect(stats).toEqual({
      tokensIssued: 1,
      sends: { ok: 0, failed: { '41001': 1 } },
      requests: {
        '/cgi-bin/token': 1,
        [SEND]: 1,
        '/__emulator/stats': 1,
      },
      subscribeSends: { ok: 0, failed: {} },
      pushes: { delivered: 0, failed: 0, dropped: 0 },
    });
  });

  it('counts unknown paths under "*" so that random paths cannot grow the stats', async () => {
    await fetch(`${emulator.url}/random/${Math.random()}`);
    expect((await emulator.control.stats()).requests['*']).toBe(1);
  });

  it('form-ids mints distinct 32-hex ids, 1..1000 per call', async () => {
    const ids = await emulator.control.formIds({ openid: 'oA', count: 50 });
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    await expect(emulator.control.formIds({ openid: 'oA', count: 0 })).rejects.toThrow(/count/);
    await expect(emulator.control.formIds({ openid: '' })).rejects.toThrow(/openid/);
  });

  it('defaults to the first app, refuses unknown apps with 404', async () => {
    const { openid } = await emulator.control.login();
    expect((await emulator.control.users({ appId: APP.appId })).map((u) => u.openid)).toEqual([
      openid,
    ]);
    const refusal = emulator.control.login({ appId: 'wxnosuchapp' });
    await expect(refusal).rejects.toBeInstanceOf(EmulatorControlError);
    await expect(refusal).rejects.toMatchObject({ status: 404 });
  });

  it('inbox filters by app and user and answers newest last', async () => {
    const token = await wx.token();
    const tpl = await emulator.control.addTemplate({ id: 'AT0002', keywordIds: [3, 4, 5] });
    for (const openid of ['oFirst', 'oSecond', 'oFirst']) {
      const [formId] = await emulator.control.formIds({ openid });
      await wx.call(SEND, token, {
        touser: openid,
        template_id: tpl,
        form_id: formId,
        data: { keyword1: { value: openid } },
      });
    }
    const all = await emulator.control.inbox();
    expect(all.map((m) => m.touser)).toEqual(['oFirst', 'oSecond', 'oFirst']);
    expect(all.map((m) => m.id)).toEqual([...all.map((m) => m.id)].sort((a, b) => a - b));
    expect(await emulator.control.inbox({ appId: APP.appId, openid: 'oFirst' })).toHaveLength(2);
    expect(await emulator.control.inbox({ appId: OTHER_APP.appId })).toEqual([]);
    const users = await emulator.control.users();
    expect(users).toEqual(
      expect.arrayContaining([
        { appid: APP.appId, openid: 'oFirst', messages: 2 },
        { appid: APP.appId, openid: 'oSecond', messages: 1 },
      ]),
    );
  });

  it('clock advances and never goes back', async () => {
    const before = Date.now();
    const now = await emulator.control.advanceClock(3600);
    expect(now).toBeGreaterThanOrEqual(before + 3600_000);
    const response = await fetch(`${emulator.url}/__emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: -10 }),
    });
    expect(response.status).toBe(400);
  });

  it('registers apps at run time; reset drops them and keeps the configured ones', async () => {
    await emulator.control.registerApp({
      appId: 'wxruntime0001',
      appSecret: 'rt-secret',
      pages: ['/pages/a?x=1'],
    });
    const token = await wx.token({ appId: 'wxruntime0001', appSecret: 'rt-secret' });
    expect(token.length).toBeGreaterThan(100);
    const apps = await getJson<AppsBody>(`${emulator.url}/__emulator/apps`);
    expect(apps.apps).toContainEqual({
      appid: 'wxruntime0001',
      pages: ['pages/a'],
      dailySendLimit: 1_000_000,
      devtoolsLogin: false,
      originalId: expect.stringMatching(/^gh_[0-9a-f]{12}$/),
      push: null,
    });
    expect(JSON.stringify(apps)).not.toContain('rt-secret');
    await emulator.control.reset();
    await expect(wx.token({ appId: 'wxruntime0001', appSecret: 'rt-secret' })).rejects.toThrow();
    expect(await wx.token()).toEqual(expect.any(String));
  });

  it('limits refuses a negative limit', async () => {
    await expect(emulator.control.setDailyLimit({ dailySendLimit: -1 })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('a body shaped like an internal reply is still just a request body', async () => {
    const response = await fetch(`${emulator.url}/__emulator/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 999, body: 'x', openid: 'oShaped' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ code: expect.any(String), openid: 'oShaped' });
  });

  it('control-plane writes require POST and JSON', async () => {
    expect((await fetch(`${emulator.url}/__emulator/login`)).status).toBe(405);
    const bad = await fetch(`${emulator.url}/__emulator/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'body is not valid JSON' });
    expect((await fetch(`${emulator.url}/__emulator/nope`)).status).toBe(404);
  });

  it('startEmulator defaults to the demo app and several emulators run side by side', async () => {
    const a = await startEmulator({ port: 0 });
    const b = await startEmulator();
    try {
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(a.url).not.toBe(b.url);
      const response = await fetch(
        `${a.url}/cgi-bin/token?grant_type=client_credential&appid=wx0000000000demo&secret=demo-app-secret`,
      );
      expect(((await response.json()) as { expires_in: number }).expires_in).toBe(7200);
      await createEmulatorControl(a.url).login({ openid: 'oOnlyInA' });
      expect(await createEmulatorControl(b.url).users()).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
