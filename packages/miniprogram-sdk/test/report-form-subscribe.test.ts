// @vitest-environment jsdom
import {
  createWxRuntime,
  DEFAULT_APP_ID,
  type RunningEmulator,
  startEmulator,
  type WxRuntime,
} from '@wxtpl/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Collector, ReportFormSubmitDetail } from '../src/index.js';
import { innerForm, mount, type SimNode, sdk, submitNow, until } from './support/simulate.js';

// The built component under miniprogram-simulate, its popups answered by the emulator's user model
// through the headless wx runtime (installed as the global `wx`, as WeChat provides it).
let emulator: RunningEmulator;
let paid: string;
let paidAgain: string;
let shipped: string;
let phone: WxRuntime;
let collector: Collector;
let user = 0;
const simulatedWx = (globalThis as { wx?: unknown }).wx;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  const { control } = emulator;
  const appId = DEFAULT_APP_ID;
  paid = await control.addSubscribeTemplate({ appId, tid: 99, kidList: [1, 2, 3] });
  // The same title again: WeChat filters the second of one title in one request.
  paidAgain = await control.addSubscribeTemplate({ appId, tid: 99, kidList: [1, 2, 4] });
  shipped = await control.addSubscribeTemplate({ appId, tid: 1002, kidList: [1, 3, 4] });
});

afterAll(async () => {
  await emulator.close();
});

async function newPhone() {
  user += 1;
  const openid = `oComponent${Date.now().toString(36)}${user}`;
  await emulator.control.login({ appId: DEFAULT_APP_ID, openid });
  phone = createWxRuntime({ emulatorUrl: emulator.url, appId: DEFAULT_APP_ID, openid });
  (globalThis as { wx?: unknown }).wx = phone.wx;
  // Nothing listens at this endpoint: what the collector holds stays in storage.
  collector = sdk.createCollector({
    endpoint: 'http://127.0.0.1:9/collect',
    wx: phone.wx,
    batchSize: 50,
    flushIntervalMs: 0,
  });
  collector.flush = () =>
    Promise.resolve({ sent: [], subscriptions: [], response: null, error: null });
  sdk.registerCollector(collector);
  return openid;
}

afterEach(() => {
  sdk.registerCollector(null);
  collector?.destroy();
  phone?.kill();
  (globalThis as { wx?: unknown }).wx = simulatedWx;
});

/** A page with `<report-form subscribe>`; resolves each submit's detail. */
function page(subscribe: unknown[]) {
  const details: ReportFormSubmitDetail[] = [];
  const waiting: Array<() => void> = [];
  const node = mount(
    '<report-form class="wxtpl-host" subscribe="{{ids}}" bind:submit="onSubmit"><input name="n" /></report-form>',
    {
      onSubmit(event: { detail: ReportFormSubmitDetail }) {
        details.push(event.detail);
        for (const resolve of waiting.splice(0)) resolve();
      },
    },
    { ids: subscribe },
  );
  const { form } = innerForm(node);
  return {
    details,
    /** The user taps the form's submit button: formId minted, submit fired inside the tap. */
    async tapSubmit(value: Record<string, unknown> = {}) {
      const arrived = new Promise<void>((resolve) => waiting.push(resolve));
      const event = await phone.tapSubmit((submit) => {
        submitNow(form, submit.detail);
        return submit;
      }, value);
      await arrived;
      return { event, detail: details.at(-1) as ReportFormSubmitDetail };
    },
    form,
  };
}

const reports = () =>
  (phone.wx.getStorageSync('wxtpl:subscriptions') || []) as Array<{ templateIds: string[] }>;

describe('<report-form subscribe>', () => {
  it('asks in the tap-submit, then emits value, formId and the results; the accepted go to the collector', async () => {
    await newPhone();
    phone.answerPopups({ decision: { [paid]: 'accept', [shipped]: 'reject' } });
    const form = page([paid, shipped]);
    const { event, detail } = await form.tapSubmit({ n: '张三' });
    expect(detail).toEqual({
      value: { n: '张三' },
      formId: event.detail.formId,
      subscriptions: { [paid]: 'accept', [shipped]: 'reject' },
    });
    expect(phone.stats.subscribeRequests).toBe(1);
    expect(reports().map((r) => r.templateIds)).toEqual([[paid]]);
    expect(collector.pending()).toBe(2); // the formId and the report
  });

  it('reports ban and filter, and queues neither', async () => {
    await newPhone();
    await emulator.control.banSubscribe({ appId: DEFAULT_APP_ID, templateId: shipped });
    try {
      const { detail } = await page([paid, paidAgain, shipped]).tapSubmit();
      expect(detail.subscriptions).toEqual({
        [paid]: 'accept',
        [paidAgain]: 'filter',
        [shipped]: 'ban',
      });
    } finally {
      await emulator.control.banSubscribe({
        appId: DEFAULT_APP_ID,
        templateId: shipped,
        banned: false,
      });
    }
    expect(reports().map((r) => r.templateIds)).toEqual([[paid]]);
  });

  it('answers kept choices without a popup, and each kept accept counts', async () => {
    const openid = await newPhone();
    phone.answerPopups({ decision: { [paid]: 'accept', [shipped]: 'reject' }, keep: true });
    const form = page([paid, shipped]);
    await form.tapSubmit();
    // The user would now answer otherwise, but the kept choices answer instead.
    phone.answerPopups({ decision: { [paid]: 'reject', [shipped]: 'accept' } });
    const { detail } = await form.tapSubmit();
    expect(detail.subscriptions).toEqual({ [paid]: 'accept', [shipped]: 'reject' });
    expect(reports()).toHaveLength(2);
    const { subscriptions } = await emulator.control.subscriptions({
      appId: DEFAULT_APP_ID,
      openid,
    });
    expect(subscriptions.find((s) => s.templateId === paid)).toMatchObject({
      oneTime: 2,
      kept: 'accept',
    });
    expect(await sdk.getSubscriptionSettings()).toEqual({
      mainSwitch: true,
      itemSettings: { [paid]: 'accept', [shipped]: 'reject' },
    });
  });

  it('with the main switch off, still emits the submit and its formId, with the error to show', async () => {
    const openid = await newPhone();
    await emulator.control.setMainSwitch({ appId: DEFAULT_APP_ID, openid, on: false });
    const { event, detail } = await page([paid]).tapSubmit();
    expect(detail.formId).toBe(event.detail.formId);
    expect(detail.subscriptions).toBeNull();
    expect(detail.subscribeError).toBeInstanceOf(sdk.SubscribeError);
    expect(detail.subscribeError).toMatchObject({ reason: 'MAIN_SWITCH_OFF', errCode: 20004 });
    expect(detail.subscribeError?.hint?.zh).toContain('接收订阅消息');
    expect(reports()).toEqual([]);
    expect(collector.pending()).toBe(1);
  });

  it('fails the subscription outside a tap, as on a phone, and keeps the formId', async () => {
    await newPhone();
    const form = page([paid]);
    const details = form.details;
    const submit = await phone.submitForm({});
    // Not a tap: the simulator delivers the event later, outside any gesture.
    form.form.dispatchEvent('submit', { detail: submit.detail });
    await until(() => details.length > 0, 'the submit');
    expect(details).toHaveLength(1);
    expect(details[0]?.subscribeError).toMatchObject({ reason: 'TAP_GESTURE', errCode: null });
    expect(details[0]?.formId).toBe(submit.detail.formId);
    expect(phone.stats.subscribeRequests).toBe(0);
  });

  it('takes the kind from subscribe-long-term or from { id, longTerm } entries', async () => {
    await newPhone();
    const mixed = await page([paid, { id: shipped, longTerm: true }]).tapSubmit();
    expect(mixed.detail.subscribeError).toMatchObject({ reason: 'MIXED_TEMPLATE_KINDS' });
    expect(phone.stats.subscribeRequests).toBe(0);
    // subscribe-long-term marks plain ids: the queued report says so.
    const node = mount(
      '<report-form class="wxtpl-host" subscribe="{{ids}}" subscribe-long-term="{{true}}" />',
      {},
      { ids: [paid] },
    );
    const { form } = innerForm(node);
    await phone.tapSubmit((submit) => submitNow(form, submit.detail));
    await until(() => reports().length > 0, 'the report');
    expect(phone.wx.getStorageSync('wxtpl:subscriptions')).toEqual([
      expect.objectContaining({ templateIds: [paid], longTerm: true }),
    ]);
  });
});

describe('<report-form> without subscribe', () => {
  it('emits exactly { value, formId } in the same tap, and asks nothing', async () => {
    await newPhone();
    const seen: Array<Record<string, unknown>> = [];
    const node: SimNode = mount('<report-form class="wxtpl-host" bind:submit="onSubmit" />', {
      onSubmit(event: { detail: Record<string, unknown> }) {
        seen.push(event.detail);
      },
    });
    const { form } = innerForm(node);
    const event = await phone.tapSubmit((submit) => {
      submitNow(form, submit.detail);
      // Emitted synchronously, as before subscribe messages.
      expect(seen).toHaveLength(1);
    });
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual(['formId', 'value']);
    expect(seen[0]?.formId).toBeTypeOf('string');
    expect(event).toBeUndefined();
    expect(phone.stats.subscribeRequests).toBe(0);
  });
});
