import { MOCK_FORM_ID } from '@wxtpl/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  type RunningEmulator,
  startEmulator,
} from '../src/index.js';
import { createWxRuntime } from '../src/wx-runtime/index.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterAll(async () => {
  await emulator.close();
});

/** A phone of the demo app on this file's emulator; `openid` as the emulator would assign. */
function phone(openid?: string) {
  return createWxRuntime({ emulatorUrl: emulator.url, appId: DEFAULT_APP_ID, openid });
}

function login(wx: ReturnType<typeof createWxRuntime>['wx']) {
  return new Promise<{ ok: boolean; result: { code?: string; errMsg: string } }>((resolve) =>
    wx.login({
      success: (result) => resolve({ ok: true, result }),
      fail: (result) => resolve({ ok: false, result }),
    }),
  );
}

async function code2Session(code: string) {
  const url = new URL('/sns/jscode2session', emulator.url);
  url.search = new URLSearchParams({
    appid: DEFAULT_APP_ID,
    secret: DEFAULT_APP_SECRET,
    js_code: code,
    grant_type: 'authorization_code',
  }).toString();
  return (await (await fetch(url)).json()) as { openid?: string; errcode?: number };
}

describe('wx.login', () => {
  it('yields a real code that the emulator exchanges once for this user', async () => {
    const rt = phone('o-alice');
    const { ok, result } = await login(rt.wx);
    expect(ok).toBe(true);
    expect(result.errMsg).toBe('login:ok');
    expect(await code2Session(result.code ?? '')).toMatchObject({ openid: 'o-alice' });
    expect((await code2Session(result.code ?? '')).errcode).toBe(40029);
    expect(rt.stats.logins).toBe(1);
  });

  it('keeps the openid the emulator assigns at the first login', async () => {
    const rt = phone();
    expect(rt.openid).toBeUndefined();
    const first = await login(rt.wx);
    const assigned = rt.openid;
    expect(assigned).toEqual(expect.any(String));
    const second = await login(rt.wx);
    expect(second.result.code).not.toBe(first.result.code);
    expect((await code2Session(second.result.code ?? '')).openid).toBe(assigned);
  });

  it('returns a promise of the code when given no callbacks', async () => {
    const rt = phone('o-p');
    const { code, errMsg } = await rt.wx.login();
    expect(errMsg).toBe('login:ok');
    expect((await code2Session(code)).openid).toBe('o-p');
  });

  it('fails with login:fail when the emulator is unreachable', async () => {
    const rt = createWxRuntime({ emulatorUrl: 'http://127.0.0.1:9', appId: DEFAULT_APP_ID });
    const { ok, result } = await login(rt.wx);
    expect(ok).toBe(false);
    expect(result.errMsg).toMatch(/^login:fail /);
  });
});

describe('simulated form submits', () => {
  it('produce real formIds bound to the user, one per submit', async () => {
    const rt = phone('o-bob');
    const event = await rt.submitForm({ name: 'Bob' });
    expect(event.type).toBe('submit');
    expect(event.detail.value).toEqual({ name: 'Bob' });
    const another = await rt.nextFormId();
    expect(event.detail.formId).toEqual(expect.any(String));
    expect(another).not.toBe(event.detail.formId);
    expect(event.detail.formId).not.toBe(MOCK_FORM_ID);
  });

  it('logs in first when no openid is known yet', async () => {
    const rt = phone();
    const formId = await rt.nextFormId();
    expect(formId.length).toBeGreaterThan(0);
    expect(rt.openid).toEqual(expect.any(String));
  });

  it('can yield the mock and failed ids of DevTools and of a failed report-submit', async () => {
    const rt = phone('o-c');
    expect((await rt.submitForm({}, 'mock')).detail.formId).toBe(MOCK_FORM_ID);
    expect((await rt.submitForm({}, 'failed')).detail.formId).toMatch(/^requestFormId:fail/);
  });

  it('rejects with a typed error when the emulator refuses', async () => {
    const rt = createWxRuntime({
      emulatorUrl: emulator.url,
      appId: 'wx-not-registered',
      openid: 'o-d',
    });
    await expect(rt.nextFormId()).rejects.toMatchObject({ name: 'WxRuntimeControlError' });
  });
});
