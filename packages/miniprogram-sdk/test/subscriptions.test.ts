import { DEFAULT_APP_ID } from '@wxtpl/emulator';
import { defineSubscribeTemplate, SUBSCRIBE_ERRCODE_RULES } from '@wxtpl/shared-types';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  getSubscriptionSettings,
  registerCollector,
  requestSubscribe,
  SubscribeError,
} from '../src/index.js';
import { FAKED, type Harness, harness, harnessPerTest } from './support/harness.js';

// Popups answered by the emulator's user model through its headless wx runtime, reports uploaded
// to the server SDK's real collect handler over HTTP.
const fixture = harnessPerTest();
let h: Harness;
let paid: string;
let shipped: string;
let progress: string;

beforeAll(async () => {
  const { control } = fixture.emulator;
  const appId = DEFAULT_APP_ID;
  paid = await control.addSubscribeTemplate({ appId, tid: 99, kidList: [1, 2, 3] });
  shipped = await control.addSubscribeTemplate({ appId, tid: 1002, kidList: [1, 3, 4] });
  progress = await control.addSubscribeTemplate({ appId, tid: 4001, kidList: [1, 2, 5] });
});

afterEach(() => {
  registerCollector(null);
});

const REPORTS = 'wxtpl:subscriptions';

/** What the pool holds for the user and template: one send per one-time acceptance. */
const sendsLeft = (templateId: string) => h.backend.pool.available(h.openid, { templateId });

async function user(options: Parameters<typeof harness>[1] = {}) {
  h = await fixture.harness(options);
  await fixture.emulator.control.login({ appId: DEFAULT_APP_ID, openid: h.openid });
  return h;
}

describe('requestSubscribe', () => {
  it('asks in a tap, queues the accepted templates (storage first) and the backend records them once', async () => {
    await user();
    const phone = h.phone();
    phone.answerPopups({ decision: { [paid]: 'accept', [shipped]: 'reject' } });
    const { collector, nextFlush } = h.collector(phone, { flushIntervalMs: 0 });
    const flushed = nextFlush();
    const asked = phone.tap(() => requestSubscribe([paid, shipped], { collector, wx: phone.wx }));
    expect(await asked).toEqual({ [paid]: 'accept', [shipped]: 'reject' });
    // Stored before the upload answered.
    const stored = phone.wx.getStorageSync(REPORTS) as Array<{ id: string }>;
    expect(stored).toEqual([
      { id: expect.any(String), templateIds: [paid], acceptedAt: expect.any(Number) },
    ]);
    const result = await flushed;
    expect(result.error).toBeNull();
    expect(result.response?.subscriptions).toEqual([stored[0]?.id]);
    expect(collector.pending()).toBe(0);
    expect(phone.wx.getStorageSync(REPORTS)).toEqual([]);
    expect(await sendsLeft(paid)).toBe(1);
    expect(await sendsLeft(shipped)).toBe(0);
  });

  it('hands accepted templates to the registered collector, long-term ones marked so', async () => {
    await user();
    const phone = h.phone();
    const { collector, nextFlush } = h.collector(phone, { flushIntervalMs: 0 });
    registerCollector(collector);
    const flushed = nextFlush();
    const definition = defineSubscribeTemplate({
      id: progress,
      title: '业务办理进度通知',
      keywords: { item: 'thing1', state: 'enum2', applicant: 'name5' },
      longTerm: true,
    });
    expect(await phone.tap(() => requestSubscribe([definition], { wx: phone.wx }))).toEqual({
      [progress]: 'accept',
    });
    expect((await flushed).subscriptions).toEqual([
      expect.objectContaining({ templateIds: [progress], longTerm: true }),
    ]);
    expect(await sendsLeft(progress)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses more than 3 templates, mixed kinds and no templates before WeChat is asked', async () => {
    await user();
    const phone = h.phone();
    const refused = async (call: () => Promise<unknown>) => {
      const error = await phone.tap(call).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SubscribeError);
      return error as SubscribeError;
    };
    const tooMany = await refused(() => requestSubscribe(['a', 'b', 'c', 'd'], { wx: phone.wx }));
    expect(tooMany).toMatchObject({
      reason: 'TOO_MANY_TEMPLATES',
      errCode: 20003,
      code: 'SUBSCRIBE_TOO_MANY_TEMPLATES',
      zh: SUBSCRIBE_ERRCODE_RULES.TOO_MANY_TEMPLATES.zh,
      en: SUBSCRIBE_ERRCODE_RULES.TOO_MANY_TEMPLATES.en,
    });
    const mixed = await refused(() =>
      requestSubscribe([paid, { id: progress, longTerm: true }], { wx: phone.wx }),
    );
    expect(mixed).toMatchObject({ reason: 'MIXED_TEMPLATE_KINDS', errCode: 20002 });
    // The option declares the kind of plain ids; a definition's own kind still wins.
    const mixedByOption = await refused(() =>
      requestSubscribe([paid, { id: shipped, longTerm: false }], { wx: phone.wx, longTerm: true }),
    );
    expect(mixedByOption.reason).toBe('MIXED_TEMPLATE_KINDS');
    expect((await refused(() => requestSubscribe([], { wx: phone.wx }))).errCode).toBe(10001);
    expect((await refused(() => requestSubscribe([''], { wx: phone.wx }))).errCode).toBe(10004);
    // The same id twice is one template.
    expect(
      await phone.tap(() => requestSubscribe([paid, paid, paid, paid], { wx: phone.wx })),
    ).toEqual({ [paid]: 'accept' });
    expect(phone.stats.subscribeRequests).toBe(1);
  });

  it('fails outside a tap as on a phone, with a typed error in both languages', async () => {
    await user();
    const phone = h.phone();
    const outside = await requestSubscribe([paid], { wx: phone.wx }).catch((e: unknown) => e);
    expect(outside).toBeInstanceOf(SubscribeError);
    expect(outside).toMatchObject({
      reason: 'TAP_GESTURE',
      errCode: null,
      code: 'SUBSCRIBE_TAP_GESTURE',
    });
    expect((outside as SubscribeError).zh).toMatch(/点击/);
    // After an await inside the tap handler, the gesture is gone too.
    const late = await phone.tap(async () => {
      await Promise.resolve();
      return requestSubscribe([paid], { wx: phone.wx }).catch((e: unknown) => e);
    });
    expect((late as SubscribeError).reason).toBe('TAP_GESTURE');
    expect(await sendsLeft(paid)).toBe(0);
  });

  it('maps the main switch off (20004) to an error that tells the user how to turn it on', async () => {
    await user();
    const phone = h.phone();
    const { collector } = h.collector(phone, { flushIntervalMs: 0 });
    await fixture.emulator.control.setMainSwitch({
      appId: DEFAULT_APP_ID,
      openid: h.openid,
      on: false,
    });
    const error = (await phone
      .tap(() => requestSubscribe([paid], { collector, wx: phone.wx }))
      .catch((e: unknown) => e)) as SubscribeError;
    expect(error).toBeInstanceOf(SubscribeError);
    expect(error).toMatchObject({ reason: 'MAIN_SWITCH_OFF', errCode: 20004 });
    expect(error.hint?.zh).toContain('接收订阅消息');
    expect(error.hint?.en).toMatch(/Settings/);
    expect(error.message).toContain('requestSubscribeMessage:fail');
    expect(collector.pending()).toBe(0);
    expect(await getSubscriptionSettings({ wx: phone.wx })).toEqual({ mainSwitch: false });
  });

  it('queues nothing for banned, filtered or rejected templates', async () => {
    await user();
    const phone = h.phone();
    const { collector } = h.collector(phone, { flushIntervalMs: 0 });
    await fixture.emulator.control.banSubscribe({ appId: DEFAULT_APP_ID, templateId: shipped });
    phone.answerPopups({ decision: 'reject' });
    try {
      expect(
        await phone.tap(() => requestSubscribe([paid, shipped], { collector, wx: phone.wx })),
      ).toEqual({
        [paid]: 'reject',
        [shipped]: 'ban',
      });
    } finally {
      await fixture.emulator.control.banSubscribe({
        appId: DEFAULT_APP_ID,
        templateId: shipped,
        banned: false,
      });
    }
    expect(collector.pending()).toBe(0);
    expect(phone.storage.writes).toBe(0);
  });
});

describe('getSubscriptionSettings', () => {
  it('lists the kept choices, so a page can skip what the user always rejects', async () => {
    await user();
    const phone = h.phone();
    phone.answerPopups({ decision: { [paid]: 'accept', [shipped]: 'reject' }, keep: true });
    await phone.tap(() => requestSubscribe([paid, shipped], { wx: phone.wx }));
    const setting = await getSubscriptionSettings({ wx: phone.wx });
    expect(setting).toEqual({
      mainSwitch: true,
      itemSettings: { [paid]: 'accept', [shipped]: 'reject' },
    });
    // Kept choices answer silently: no popup, the same answers, one more send of the accepted one.
    phone.answerPopups({ decision: 'reject' });
    expect(await phone.tap(() => requestSubscribe([paid, shipped], { wx: phone.wx }))).toEqual({
      [paid]: 'accept',
      [shipped]: 'reject',
    });
  });

  it('reports the main switch on and no kept choices for a new user', async () => {
    await user();
    expect(await getSubscriptionSettings({ wx: h.phone().wx })).toEqual({ mainSwitch: true });
  });
});

describe('the collector with popup reports', () => {
  it('keeps reports through a killed app and sends them again under the same id: counted once', async () => {
    await user();
    const first = h.phone();
    h.backend.state.mode = 'hold';
    const { collector } = h.collector(first, { flushIntervalMs: 0 });
    await first.tap(() => requestSubscribe([paid], { collector, wx: first.wx }));
    await h.backend.waitForRequests(1);
    // The backend recorded it, but the answer never reached the phone: the app is killed.
    first.kill();
    collector.destroy();
    expect(await sendsLeft(paid)).toBe(1);
    h.backend.state.mode = 'up';
    const relaunched = h.phone(first.storage);
    const { nextFlush } = h.collector(relaunched, { flushIntervalMs: 0 });
    const result = await nextFlush();
    expect(result.error).toBeNull();
    const [sentFirst, sentAgain] = h.backend.reports;
    expect(sentAgain?.map((r) => r.id)).toEqual(sentFirst?.map((r) => r.id));
    expect(await sendsLeft(paid)).toBe(1);
    expect(relaunched.wx.getStorageSync(REPORTS)).toEqual([]);
  });

  it('retries with backoff while the backend is down and delivers once', async () => {
    await user();
    const phone = h.phone();
    vi.useFakeTimers({ toFake: [...FAKED] });
    const { collector, nextFlush } = h.collector(phone, { flushIntervalMs: 0 });
    h.backend.state.mode = 'down';
    let flushed = nextFlush();
    await phone.tap(() => requestSubscribe([paid], { collector, wx: phone.wx }));
    expect((await flushed).error?.code).toBe('network');
    h.backend.state.mode = 'up';
    flushed = nextFlush();
    await vi.advanceTimersByTimeAsync(2000);
    expect((await flushed).error).toBeNull();
    vi.useRealTimers();
    expect(collector.pending()).toBe(0);
    expect(await sendsLeft(paid)).toBe(1);
  });

  it('keeps reports an older backend does not answer for, while its formIds settle', async () => {
    await user({ subscriptions: false });
    const [formId] = await h.mint(1);
    const phone = h.phone();
    const { collector, nextFlush } = h.collector(phone, { flushIntervalMs: 0 });
    await phone.tap(() => requestSubscribe([paid], { collector, wx: phone.wx }));
    await nextFlush();
    collector.add(formId as string);
    const result = await collector.flush();
    expect(result.error).toBeNull();
    expect(result.response?.accepted).toEqual([formId]);
    expect(result.response?.subscriptions).toBeUndefined();
    // The report stays stored and stops going out to this backend.
    expect(phone.wx.getStorageSync(REPORTS)).toHaveLength(1);
    expect((await collector.flush()).sent).toEqual([]);
    const requests = h.backend.received.length;
    phone.hide();
    phone.show();
    expect(h.backend.received.length).toBe(requests);
    // A backend that records them, after an upgrade: the next launch delivers the report.
    collector.destroy();
    const upgraded = await harness(fixture.emulator);
    try {
      const { nextFlush: next } = upgraded.collector(upgraded.phone(phone.storage), {
        flushIntervalMs: 0,
      });
      expect((await next()).response?.subscriptions).toHaveLength(1);
      expect(await upgraded.backend.pool.available(upgraded.openid, { templateId: paid })).toBe(1);
    } finally {
      await upgraded.close();
    }
  });

  it('addSubscriptions takes a raw popup answer, errMsg included, and drops non-accepts', async () => {
    await user();
    const phone = h.phone();
    const { collector } = h.collector(phone, { flushIntervalMs: 0, batchSize: 50 });
    h.backend.state.mode = 'down';
    expect(
      collector.addSubscriptions({ errMsg: 'requestSubscribeMessage:ok', [paid]: 'reject' }),
    ).toBe(false);
    expect(
      collector.addSubscriptions({
        errMsg: 'requestSubscribeMessage:ok',
        a: 'accept',
        b: 'accept',
        c: 'accept',
        d: 'accept',
      }),
    ).toBe(true);
    const stored = phone.wx.getStorageSync(REPORTS) as Array<{ id: string; templateIds: string[] }>;
    // At most 3 templates per report, as the protocol allows.
    expect(stored.map((r) => r.templateIds)).toEqual([['a', 'b', 'c'], ['d']]);
    expect(new Set(stored.map((r) => r.id)).size).toBe(2);
  });
});
