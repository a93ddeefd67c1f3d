import { SubscribeErrCode } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import { EmulatorControlError, type RunningEmulator } from '../src/index.js';
import { APP, WxCaller } from './helpers.js';
import { PAID_TID, PROGRESS_TID, sendPaid, useSubscribeApp } from './subscribe-fixtures.js';

const USER = 'oPopupUser000000000000000001';

/** The phone's errCode of a refused popup. */
async function refusal(promise: Promise<unknown>): Promise<number | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmulatorControlError);
  expect((error as EmulatorControlError).status).toBe(400);
  return (error as EmulatorControlError).errCode;
}

describe('the user model of the subscribe popup (POST /__emulator/subscribe)', () => {
  let emulator: RunningEmulator;
  let paid: string;
  let progress: string;
  useSubscribeApp(USER, (app) => ({ emulator, paid, progress } = app));
  const appId = APP.appId;

  const ask = (templateIds: string[], extra: object = {}) =>
    emulator.control.subscribe({ appId, openid: USER, templateIds, ...extra });
  const subscriptions = () => emulator.control.subscriptions({ appId, openid: USER });
  const oneTime = async (id: string) =>
    (await subscriptions()).subscriptions.find((s) => s.templateId === id)?.oneTime ?? 0;

  it('accepts by default, rejects on request, and grants one send per accepted call', async () => {
    const shipped = await emulator.control.addSubscribeTemplate({
      appId,
      tid: 1002,
      kidList: [1, 2],
    });
    expect(await ask([paid, shipped])).toEqual({
      results: { [paid]: 'accept', [shipped]: 'accept' },
      popup: true,
    });
    expect(await ask([paid, shipped], { decision: { [shipped]: 'reject' } })).toEqual({
      results: { [paid]: 'accept', [shipped]: 'reject' },
      popup: true,
    });
    expect(await ask([paid], { decision: 'reject' })).toEqual({
      results: { [paid]: 'reject' },
      popup: true,
    });
    expect(await oneTime(paid)).toBe(2);
    expect(await oneTime(shipped)).toBe(1);
  });

  it('"always keep this choice": later calls answer silently, an accept still grants one send each', async () => {
    await ask([paid], { keep: true });
    const later = await ask([paid], { decision: 'reject' });
    expect(later).toEqual({ results: { [paid]: 'accept' }, popup: false });
    await ask([paid]);
    expect(await oneTime(paid)).toBe(3);
    expect((await subscriptions()).setting).toEqual({
      mainSwitch: true,
      itemSettings: { [paid]: 'accept' },
    });

    await ask([progress], { decision: 'reject', keep: true });
    expect(await ask([progress])).toEqual({ results: { [progress]: 'reject' }, popup: false });
    expect((await subscriptions()).subscriptions.find((s) => s.templateId === progress)).toEqual({
      templateId: progress,
      oneTime: 0,
      longTerm: false,
      kept: 'reject',
    });
  });

  it('answers ban for a banned template and filter for a second template of the same title', async () => {
    const again = await emulator.control.addSubscribeTemplate({
      appId,
      tid: PAID_TID,
      kidList: [1, 3],
    });
    const shipped = await emulator.control.addSubscribeTemplate({
      appId,
      tid: 1002,
      kidList: [1, 2],
    });
    await emulator.control.banSubscribe({ appId, templateId: shipped });
    expect((await ask([paid, again, shipped])).results).toEqual({
      [paid]: 'accept',
      [again]: 'filter',
      [shipped]: 'ban',
    });
    expect(await oneTime(again)).toBe(0);
    expect(await oneTime(shipped)).toBe(0);
    expect((await ask([shipped, again])).results).toEqual({ [shipped]: 'ban', [again]: 'accept' });
  });

  it('refuses what WeChat refuses, with the phone errCodes, granting nothing', async () => {
    const more = await Promise.all(
      [1002, 1003, 1004].map((tid) =>
        emulator.control.addSubscribeTemplate({ appId, tid, kidList: [1, 2] }),
      ),
    );
    expect(await refusal(ask([]))).toBe(SubscribeErrCode.TMPL_IDS_EMPTY);
    expect(await refusal(ask([paid, 5 as unknown as string]))).toBe(
      SubscribeErrCode.INVALID_TMPL_ID,
    );
    expect(await refusal(ask([paid, ...more]))).toBe(SubscribeErrCode.TOO_MANY_TEMPLATES);
    expect(await refusal(ask([paid, 'unknown-template']))).toBe(
      SubscribeErrCode.TEMPLATES_NOT_FOUND,
    );
    expect(await refusal(ask([paid, progress]))).toBe(SubscribeErrCode.MIXED_TEMPLATE_KINDS);
    await emulator.control.setMainSwitch({ appId, openid: USER, on: false });
    expect(await refusal(ask([paid]))).toBe(SubscribeErrCode.MAIN_SWITCH_OFF);
    expect((await subscriptions()).setting.mainSwitch).toBe(false);
    await emulator.control.setMainSwitch({ appId, openid: USER, on: true });
    await emulator.control.banSubscribe({ appId });
    expect(await refusal(ask([paid]))).toBe(SubscribeErrCode.APP_BANNED);
    expect(await oneTime(paid)).toBe(0);
    // The same id twice is one template.
    await emulator.control.banSubscribe({ appId, banned: false });
    expect((await ask([paid, paid, ...more.slice(0, 2)])).results).toEqual({
      [paid]: 'accept',
      [more[0] as string]: 'accept',
      [more[1] as string]: 'accept',
    });
  });

  it('a long-term acceptance persists; turning it off removes it and later asks are refused silently', async () => {
    await ask([progress]);
    await ask([progress]);
    expect((await subscriptions()).subscriptions).toEqual([
      { templateId: progress, oneTime: 0, longTerm: true, kept: null },
    ]);
    await emulator.control.changeSubscription({ appId, openid: USER, templateId: progress });
    expect((await subscriptions()).subscriptions).toEqual([
      { templateId: progress, oneTime: 0, longTerm: false, kept: 'reject' },
    ]);
    expect(await ask([progress])).toEqual({ results: { [progress]: 'reject' }, popup: false });
  });

  it('one-time acceptances never expire unless a TTL is configured', async () => {
    await ask([paid]);
    await emulator.control.advanceClock(365 * 86_400);
    expect(await oneTime(paid)).toBe(1);
    await emulator.control.setSubscriptionTtl({ appId, seconds: 3600 });
    await ask([paid]);
    await emulator.control.advanceClock(3601);
    expect(await oneTime(paid)).toBe(1);
    await emulator.control.setSubscriptionTtl({ appId, seconds: null });
  });

  it('a send uses the acceptance that expires first', async () => {
    await emulator.control.setSubscriptionTtl({ appId, seconds: 3600 });
    await ask([paid]);
    await emulator.control.setSubscriptionTtl({ appId, seconds: null });
    await ask([paid]);
    const wx = new WxCaller(emulator);
    const token = await wx.token();
    const sent = await sendPaid(wx, token, USER, paid);
    expect(sent.errcode).toBe(0);
    await emulator.control.advanceClock(3601);
    // The expiring acceptance paid for the send; the one that never expires is left.
    expect(await oneTime(paid)).toBe(1);
  });

  it('refuses malformed control calls with 4xx', async () => {
    const bad = async (promise: Promise<unknown>, status: number) => {
      const error = await promise.catch((e: unknown) => e);
      expect((error as EmulatorControlError).status).toBe(status);
    };
    await bad(ask([paid], { decision: 'maybe' }), 400);
    await bad(ask([paid], { keep: 'yes' }), 400);
    await bad(
      emulator.control.subscribe({ appId: 'wxnope', openid: USER, templateIds: [paid] }),
      404,
    );
    await bad(
      emulator.control.changeSubscription({ appId, openid: USER, templateId: 'nope' }),
      404,
    );
    await bad(
      emulator.control.grantSubscription({ appId, openid: USER, templateId: paid, count: 0 }),
      400,
    );
    await bad(
      emulator.control.addSubscribeTemplate({ appId, tid: PROGRESS_TID, kidList: [9, 9] }),
      400,
    );
  });

  it('grants acceptances for test setup without a popup', async () => {
    expect(
      await emulator.control.grantSubscription({ appId, openid: USER, templateId: paid, count: 5 }),
    ).toEqual({
      oneTime: 5,
      longTerm: false,
    });
    expect(
      await emulator.control.grantSubscription({ appId, openid: USER, templateId: progress }),
    ).toEqual({ oneTime: 0, longTerm: true });
  });
});
