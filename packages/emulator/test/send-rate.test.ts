import { Errcode } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import { APP, AT0014_DATA, SEND, useTemplateApp } from './helpers.js';
import { sendPaid, subscribeSetup } from './subscribe-fixtures.js';

const DATA = AT0014_DATA;

describe('per-app send rate and the daily limit of both send APIs', () => {
  const app = useTemplateApp('AT0014', [1, 2, 3]);

  const sendTo = async (openid: string) => {
    const [formId] = await app.emulator.control.formIds({ appId: APP.appId, openid });
    return app.wx.call(SEND, app.token, {
      touser: openid,
      template_id: app.templateId,
      form_id: formId,
      data: DATA,
    });
  };

  it('answers the configured errcode beyond the rate, takes nothing from a refused send, and refills', async () => {
    await app.emulator.control.setSendRate({ appId: APP.appId, perSecond: 10, errcode: -1 });
    const users = Array.from({ length: 25 }, (_, i) => `oRate${String(i).padStart(22, '0')}`);
    const startedAt = performance.now();
    const answers = await Promise.all(users.map((openid) => sendTo(openid)));
    const seconds = (performance.now() - startedAt) / 1000;
    const codes = answers.map((a) => a.errcode);
    const ok = codes.filter((c) => c === 0).length;
    // The bucket holds 10 and refills 10 a second on wall time: a loaded machine that took longer
    // over the burst lets that many more through, never fewer than the 10.
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(ok).toBeLessThanOrEqual(10 + Math.ceil(seconds * 10) + 1);
    expect(ok).toBeLessThan(25);
    expect(codes.filter((c) => c === Errcode.SYSTEM_BUSY)).toHaveLength(25 - ok);
    expect((await app.emulator.control.stats()).sends.failed['-1']).toBe(25 - ok);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const later = await Promise.all(users.slice(0, 6).map((openid) => sendTo(openid)));
    expect(later.filter((a) => a.errcode === 0).length).toBeGreaterThanOrEqual(3);
    // 45011 is the default errcode; null removes the rule.
    await app.emulator.control.setSendRate({ appId: APP.appId, perSecond: 1 });
    expect((await sendTo(users[0] as string)).errcode).toBe(0);
    expect((await sendTo(users[1] as string)).errcode).toBe(Errcode.API_MINUTE_LIMIT);
    await app.emulator.control.setSendRate({ appId: APP.appId, perSecond: null });
    expect((await sendTo(users[1] as string)).errcode).toBe(0);
  });

  it('counts subscribe sends against the daily limit too (45009)', async () => {
    const openid = 'oRateSubscribe00000000000001';
    const { paid } = await subscribeSetup(app.emulator, openid);
    await app.emulator.control.grantSubscription({
      appId: APP.appId,
      openid,
      templateId: paid,
      count: 3,
    });
    await app.emulator.control.setDailyLimit({ appId: APP.appId, dailySendLimit: 2 });
    const send = (accessToken = app.token) => sendPaid(app.wx, accessToken, openid, paid);
    expect((await send()).errcode).toBe(0);
    expect((await sendTo('oRateTemplate000000000000001')).errcode).toBe(0);
    expect((await send()).errcode).toBe(Errcode.API_DAILY_LIMIT);
    await app.emulator.control.advanceClock(86_400);
    expect((await send(await app.wx.token())).errcode).toBe(0);
  });
});
