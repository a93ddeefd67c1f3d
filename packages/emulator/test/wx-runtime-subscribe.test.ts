import { SUBSCRIBE_TAP_GESTURE_ERRMSG, SubscribeErrCode } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { createWxRuntime, type WxRuntimeOptions } from '../src/wx-runtime/index.js';
import { APP } from './helpers.js';
import { useSubscribeApp } from './subscribe-fixtures.js';

const USER = 'oRuntimeSubscriber0000000001';

/** Settles a callback-style call into `{ ok, result }`. */
function outcome<R>(call: (cb: { success: (r: R) => void; fail: (r: unknown) => void }) => void) {
  return new Promise<{ ok: boolean; result: unknown }>((resolve) =>
    call({
      success: (result) => resolve({ ok: true, result }),
      fail: (result) => resolve({ ok: false, result }),
    }),
  );
}

describe('wx.requestSubscribeMessage and wx.getSetting in the headless runtime', () => {
  let emulator: RunningEmulator;
  let paid: string;
  let progress: string;
  useSubscribeApp(USER, (app) => ({ emulator, paid, progress } = app));
  const runtime = (options: Partial<WxRuntimeOptions> = {}) =>
    createWxRuntime({ emulatorUrl: emulator.url, appId: APP.appId, openid: USER, ...options });
  const oneTime = async (id: string) =>
    (await emulator.control.subscriptions({ appId: APP.appId, openid: USER })).subscriptions.find(
      (s) => s.templateId === id,
    )?.oneTime ?? 0;

  it('works inside a tap and records the acceptance', async () => {
    const app = runtime();
    const result = await app.tap(() =>
      outcome((cb) => app.wx.requestSubscribeMessage({ tmplIds: [paid], ...cb })),
    );
    expect(result).toEqual({
      ok: true,
      result: { errMsg: 'requestSubscribeMessage:ok', [paid]: 'accept' },
    });
    expect(await oneTime(paid)).toBe(1);
    expect(app.stats.subscribeRequests).toBe(1);
    // Without callbacks it returns a promise, as WeChat does.
    const promised = await app.tap(() => app.wx.requestSubscribeMessage({ tmplIds: [paid] }));
    expect(promised[paid]).toBe('accept');
    expect(await oneTime(paid)).toBe(2);
  });

  it('fails outside a tap: plain code, after an await, in a timer', async () => {
    const app = runtime();
    const tapRule = { ok: false, result: { errMsg: SUBSCRIBE_TAP_GESTURE_ERRMSG } };
    expect(
      await outcome((cb) => app.wx.requestSubscribeMessage({ tmplIds: [paid], ...cb })),
    ).toEqual(tapRule);
    const afterAwait = await app.tap(async () => {
      await Promise.resolve();
      return outcome((cb) => app.wx.requestSubscribeMessage({ tmplIds: [paid], ...cb }));
    });
    expect(afterAwait).toEqual(tapRule);
    const inTimer = await app.tap(
      () =>
        new Promise((resolve) =>
          setTimeout(
            () =>
              resolve(outcome((cb) => app.wx.requestSubscribeMessage({ tmplIds: [paid], ...cb }))),
            0,
          ),
        ),
    );
    expect(inTimer).toEqual(tapRule);
    await expect(app.wx.requestSubscribeMessage({ tmplIds: [paid] })).rejects.toEqual({
      errMsg: SUBSCRIBE_TAP_GESTURE_ERRMSG,
    });
    expect(await oneTime(paid)).toBe(0);
    expect(app.stats.subscribeRequests).toBe(0);
  });

  it('works in the submit handler of a tapped report-submit form', async () => {
    const app = runtime();
    const { formId, result } = await app.tapSubmit((event) => ({
      formId: event.detail.formId,
      result: app.wx.requestSubscribeMessage({ tmplIds: [paid] }),
    }));
    expect(formId).toMatch(/^[0-9a-f]{32}$/);
    expect((await result)[paid]).toBe('accept');
  });

  it('answers as the simulated user: reject and keep, then silently; getSetting reports it', async () => {
    const app = runtime({ popup: { decision: 'reject', keep: true } });
    expect((await app.tap(() => app.wx.requestSubscribeMessage({ tmplIds: [paid] })))[paid]).toBe(
      'reject',
    );
    app.answerPopups({ decision: 'accept' });
    expect((await app.tap(() => app.wx.requestSubscribeMessage({ tmplIds: [paid] })))[paid]).toBe(
      'reject',
    );
    expect(await app.wx.getSetting({ withSubscriptions: true })).toEqual({
      authSetting: {},
      subscriptionsSetting: { mainSwitch: true, itemSettings: { [paid]: 'reject' } },
      errMsg: 'getSetting:ok',
    });
    expect(await app.wx.getSetting()).toEqual({ authSetting: {}, errMsg: 'getSetting:ok' });
    app.answerPopups((ids) => ({
      decision: Array.isArray(ids) && ids.length > 1 ? 'reject' : 'accept',
    }));
    expect(
      (await app.tap(() => app.wx.requestSubscribeMessage({ tmplIds: [progress] })))[progress],
    ).toBe('accept');
  });

  it('reports the phone errCodes: 3-id limit, main switch off, mixed kinds, app in the background', async () => {
    const app = runtime();
    const ask = (tmplIds: string[]) =>
      app.tap(() => outcome((cb) => app.wx.requestSubscribeMessage({ tmplIds, ...cb })));
    const errCode = async (tmplIds: string[]) =>
      ((await ask(tmplIds)).result as { errCode?: number }).errCode;
    expect(await errCode(['a', 'b', 'c', 'd'])).toBe(SubscribeErrCode.TOO_MANY_TEMPLATES);
    expect(await errCode([paid, progress])).toBe(SubscribeErrCode.MIXED_TEMPLATE_KINDS);
    expect(await errCode([])).toBe(SubscribeErrCode.TMPL_IDS_EMPTY);
    await emulator.control.setMainSwitch({ appId: APP.appId, openid: USER, on: false });
    expect(await errCode([paid])).toBe(SubscribeErrCode.MAIN_SWITCH_OFF);
    expect((await app.wx.getSetting({ withSubscriptions: true })).subscriptionsSetting).toEqual({
      mainSwitch: false,
    });
    app.hide();
    expect(await errCode([paid])).toBe(SubscribeErrCode.UI_UNAVAILABLE);
    app.kill();
  });

  it('fails with 10002 when the emulator cannot be reached', async () => {
    const app = createWxRuntime({
      emulatorUrl: 'http://127.0.0.1:9',
      appId: APP.appId,
      openid: USER,
    });
    const result = await app.tap(() =>
      outcome((cb) => app.wx.requestSubscribeMessage({ tmplIds: [paid], ...cb })),
    );
    expect((result.result as { errCode: number }).errCode).toBe(
      SubscribeErrCode.NETWORK_LOAD_FAILED,
    );
  });

  it('follows the base library: no requestSubscribeMessage before 2.4.4, no subscriptionsSetting before 2.10.1', async () => {
    expect(
      runtime({ systemInfo: { SDKVersion: '2.4.3' } }).wx.requestSubscribeMessage,
    ).toBeUndefined();
    const old = runtime({ systemInfo: { SDKVersion: '2.9.0' } });
    expect(typeof old.wx.requestSubscribeMessage).toBe('function');
    expect(await old.wx.getSetting({ withSubscriptions: true })).toEqual({
      authSetting: {},
      errMsg: 'getSetting:ok',
    });
  });
});
