import { Errcode } from '@wxtpl/shared-types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { APP, SEND, startTestEmulator, type WxCaller } from './helpers.js';
import { PAID_DATA, SUBSCRIBE_SEND, subscribeSetup } from './subscribe-fixtures.js';

const DATA = {
  keyword1: { value: '339208499' },
  keyword2: { value: '2015年01月05日 12:30' },
  keyword3: { value: '粤海喜来登酒店' },
};

describe('per-app send rate and the daily limit of both send APIs', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  let token: string;
  let templateId: string;

  beforeAll(async () => ({ emulator, wx } = await startTestEmulator()));
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await emulator.control.reset();
    token = await wx.token();
    templateId = await emulator.control.addTemplate({
      appId: APP.appId,
      id: 'AT0014',
      keywordIds: [1, 2, 3],
    });
  });

  const sendTo = async (openid: string) => {
    const [formId] = await emulator.control.formIds({ appId: APP.appId, openid });
    return wx.call(SEND, token, {
      touser: openid,
      template_id: templateId,
      form_id: formId,
      data: DATA,
    });
  };

  it('answers the configured errcode beyond the rate, takes nothing from a refused send, and refills', async () => {
    await emulator.control.setSendRate({ appId: APP.appId, perSecond: 10, errcode: -1 });
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
    expect((await emulator.control.stats()).sends.failed['-1']).toBe(25 - ok);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const later = await Promise.all(users.slice(0, 6).map((openid) => sendTo(openid)));
    expect(later.filter((a) => a.errcode === 0).length).toBeGreaterThanOrEqual(3);
    // 45011 is the default errcode; null removes the rule.
    await emulator.control.setSendRate({ appId: APP.appId, perSecond: 1 });
    expect((await sendTo(users[0] as string)).errcode).toBe(0);
    expect((await sendTo(users[1] as string)).errcode).toBe(Errcode.API_MINUTE_LIMIT);
    await emulator.control.setSendRate({ appId: APP.appId, perSecond: null });
    expect((await sendTo(users[1] as string)).errcode).toBe(0);
  });

  it('counts subscribe sends against the daily limit too (45009)', async () => {
    const openid = 'oRateSubscribe00000000000001';
    const { paid } = await subscribeSetup(emulator, openid);
    await emulator.control.grantSubscription({
      appId: APP.appId,
      openid,
      templateId: paid,
      count: 3,
    });
    await emulator.control.setDailyLimit({ appId: APP.appId, dailySendLimit: 2 });
    const send = (accessToken = token) =>
      wx.call(SUBSCRIBE_SEND, accessToken, { touser: openid, template_id: paid, data: PAID_DATA });
    expect((await send()).errcode).toBe(0);
    expect((await sendTo('oRateTemplate000000000000001')).errcode).toBe(0);
    expect((await send()).errcode).toBe(Errcode.API_DAILY_LIMIT);
    await emulator.control.advanceClock(86_400);
    expect((await send(await wx.token())).errcode).toBe(0);
  });
});
