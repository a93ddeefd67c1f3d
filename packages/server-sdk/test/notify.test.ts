import { InvalidArgumentError, TemplateDataError, WeChatPath } from '@wxtpl/shared-types';
import { clientFor } from '@wxtpl/testkit';
import { useTestEmulator } from '@wxtpl/testkit/hooks';
import { beforeEach, describe, expect, it } from 'vitest';
import { WeChatApiError } from '../src/errors.js';
import {
  CreditsExhaustedError,
  DailyLimitError,
  DeliveryUnknownError,
  InvalidPageError,
  MessageRejectedError,
  NoCreditError,
  Notifier,
  PolicyError,
  TemplateRejectedError,
} from '../src/notify/index.js';
import { FormIdPool } from '../src/pool/index.js';
import { createMemoryStore } from '../src/store/index.js';

const SEND = WeChatPath.templateSend;
const emu = useTestEmulator({ purchaseTemplate: true });
let seq = 0;

interface Fixture {
  openid: string;
  pool: FormIdPool;
  notifier: Notifier;
  /** Mints real formIds for the user and stores them, oldest first. */
  addFormIds(count: number): Promise<string[]>;
  sends(): Promise<number>;
  /** Notifies the user with the file's template and data; what that rejects with (or resolves to). */
  outcome(): Promise<unknown>;
}

async function fixture(options: { maxAttempts?: number; sendLimit?: { max: number } } = {}) {
  const openid = `o-notify-${seq++}`;
  const store = createMemoryStore();
  const pool = new FormIdPool({ store, appId: emu.appId, now: emu.now });
  const client = clientFor(emu, { store });
  const notifier = new Notifier({ client, pool, ...options });
  const fx: Fixture = {
    openid,
    pool,
    notifier,
    async addFormIds(count) {
      const ids = await emu.control.formIds({ appId: emu.appId, openid, count });
      const now = emu.now();
      await pool.ingest(
        openid,
        ids.map((formId, i) => ({ formId, createdAt: now - (count - i) * 1000 })),
      );
      return ids;
    },
    async sends() {
      return (await emu.control.stats()).requests[SEND] ?? 0;
    },
    outcome() {
      return notifier.notify({ openid, template: emu.template, data }).catch((e: unknown) => e);
    },
  };
  return fx;
}

const data = { place: 'TIT造舰厂', time: '2026年11月26日', item: '咖啡' };
const inbox = (openid: string) => emu.control.inbox({ appId: emu.appId, openid });

describe('Notifier against the emulator', () => {
  beforeEach(async () => {
    await emu.control.faults([]);
  });

  it('sends with the credit expiring first and resolves to it', async () => {
    const fx = await fixture();
    const [oldest] = await fx.addFormIds(2);
    const result = await fx.notifier.notify({
      openid: fx.openid,
      template: emu.template,
      data: { ...data, item: { value: '拿铁', color: '#173177' } },
      page: 'pages/order/detail?id=7',
      emphasis: 'item',
    });
    expect(result).toEqual({ formId: oldest, source: 'form', attempts: 1 });
    const [message] = await inbox(fx.openid);
    expect(message).toMatchObject({
      touser: fx.openid,
      template_id: emu.template.id,
      form_id: oldest,
      page: 'pages/order/detail?id=7',
      emphasis_keyword: 'keyword3.DATA',
    });
    expect(message?.data).toMatchObject({ keyword3: { value: '拿铁', color: '#173177' } });
    expect(await fx.pool.available(fx.openid)).toBe(1);
  });

  it('spends a prepay_id three times', async () => {
    const fx = await fixture();
    const prepayId = await emu.control.prepay({ appId: emu.appId, openid: fx.openid });
    await fx.pool.addPrepayId(fx.openid, prepayId, emu.now());
    for (let i = 0; i < 3; i++) {
      const result = await fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
      expect(result).toEqual({ formId: prepayId, source: 'prepay', attempts: 1 });
    }
    await expect(
      fx.notifier.notify({ openid: fx.openid, template: emu.template, data }),
    ).rejects.toBeInstanceOf(NoCreditError);
    expect(await inbox(fx.openid)).toHaveLength(3);
  });

  it('rejects with NoCreditError without calling WeChat', async () => {
    const fx = await fixture();
    const before = await fx.sends();
    const error = await fx.outcome();
    expect(error).toBeInstanceOf(NoCreditError);
    expect(error).toMatchObject({ openid: fx.openid, attempts: 0 });
    expect(await fx.sends()).toBe(before);
  });

  it('checks data before spending anything', async () => {
    const fx = await fixture();
    await fx.addFormIds(1);
    const before = await fx.sends();
    await expect(
      // @ts-expect-error: a misspelled keyword is a compile error, and a run-time one
      fx.notifier.notify({
        openid: fx.openid,
        template: emu.template,
        data: { place: 'x', time: 'y', itme: 'z' },
      }),
    ).rejects.toBeInstanceOf(TemplateDataError);
    expect(await fx.pool.available(fx.openid)).toBe(1);
    expect(await fx.sends()).toBe(before);
  });

  it('drops credits WeChat calls invalid (41028) or used (41029) and tries the next', async () => {
    const fx = await fixture();
    const now = emu.now();
    const [used] = await emu.control.formIds({ appId: emu.appId, openid: fx.openid, count: 1 });
    // Spent outside the pool, e.g. by a previous deployment.
    await clientFor(emu).messages.send({
      touser: fx.openid,
      template_id: emu.template.id,
      form_id: used as string,
      data: { keyword1: { value: 'a' }, keyword2: { value: 'b' }, keyword3: { value: 'c' } },
    });
    await fx.pool.ingest(fx.openid, [
      { formId: 'never-issued', createdAt: now - 3000 },
      { formId: used as string, createdAt: now - 2000 },
    ]);
    const [good] = await fx.addFormIds(1);
    const result = await fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
    expect(result).toEqual({ formId: good, source: 'form', attempts: 3 });
    expect(await fx.pool.available(fx.openid)).toBe(0);
    // Dead credits stay known: uploading them again does not revive them.
    expect(
      (await fx.pool.ingest(fx.openid, [{ formId: 'never-issued', createdAt: now }])).duplicates,
    ).toEqual(['never-issued']);
  });

  it('gives up after maxAttempts dead credits', async () => {
    const fx = await fixture({ maxAttempts: 2 });
    await emu.control.login({ appId: emu.appId, openid: fx.openid });
    const now = emu.now();
    await fx.pool.ingest(
      fx.openid,
      ['dead-1', 'dead-2', 'dead-3'].map((formId, i) => ({ formId, createdAt: now - 10 + i })),
    );
    const error = await fx.outcome();
    expect(error).toBeInstanceOf(CreditsExhaustedError);
    expect(error).toMatchObject({ attempts: 2 });
    expect((await fx.pool.credits(fx.openid)).map((c) => c.id)).toEqual(['dead-3']);
  });

  it.each([
    ['a bad template_id (40037)', TemplateRejectedError, { template: 'bad' }],
    ['a bad page (41030)', InvalidPageError, { page: 'pages/missing/index' }],
  ] as const)('gives the credit back on %s', async (_name, ErrorClass, change) => {
    const fx = await fixture();
    const [formId] = await fx.addFormIds(1);
    const template =
      'template' in change ? { ...emu.template, id: 'no-such-template' } : emu.template;
    const error = await fx.notifier
      .notify({
        openid: fx.openid,
        template,
        data,
        page: 'page' in change ? change.page : undefined,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(MessageRejectedError);
    expect((error as MessageRejectedError).cause).toBeInstanceOf(WeChatApiError);
    expect((await fx.pool.credits(fx.openid)).map((c) => c.id)).toEqual([formId]);
    expect(await inbox(fx.openid)).toHaveLength(0);
  });

  it('gives the credit back on 45009 and rejects with DailyLimitError', async () => {
    const fx = await fixture();
    await fx.addFormIds(1);
    await emu.control.faults([{ path: SEND, errcode: 45009 }]);
    const error = await fx.outcome();
    expect(error).toBeInstanceOf(DailyLimitError);
    expect((error as DailyLimitError).errcode).toBe(45009);
    expect(await fx.pool.available(fx.openid)).toBe(1);
  });

  it('gives the credit back when WeChat stays busy (-1) beyond the client retries', async () => {
    const fx = await fixture();
    await fx.addFormIds(1);
    await emu.control.faults([{ path: SEND, errcode: -1 }]);
    const error = await fx.outcome();
    expect(error).toBeInstanceOf(WeChatApiError);
    expect((error as WeChatApiError).errcode).toBe(-1);
    expect(await fx.pool.available(fx.openid)).toBe(1);
  });

  it('refreshes an invalidated token through the client and delivers', async () => {
    const fx = await fixture();
    await fx.addFormIds(2);
    await fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
    await emu.control.invalidateTokens({ appId: emu.appId });
    const result = await fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
    expect(result.attempts).toBe(1);
    expect(await inbox(fx.openid)).toHaveLength(2);
  });

  it('retries an unknown outcome with the same formId: 41029 then means delivered', async () => {
    const fx = await fixture();
    const [first, second] = await fx.addFormIds(2);
    await emu.control.faults([{ path: SEND, reset: true, afterProcessing: true, times: 1 }]);
    const result = await fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
    expect(result).toEqual({ formId: first, source: 'form', attempts: 2 });
    const messages = await inbox(fx.openid);
    expect(messages.map((m) => m.form_id)).toEqual([first]);
    expect((await fx.pool.credits(fx.openid)).map((c) => c.id)).toEqual([second]);
  });

  it('retries an unknown outcome that was not delivered, and delivers once', async () => {
    const fx = await fixture();
    const [first] = await fx.addFormIds(1);
    await emu.control.faults([{ path: SEND, reset: true, times: 1 }]);
    const result = await fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
    expect(result).toEqual({ formId: first, source: 'form', attempts: 2 });
    expect((await inbox(fx.openid)).map((m) => m.form_id)).toEqual([first]);
  });

  it('treats a timeout after delivery as delivered', async () => {
    const fx = await fixture();
    const client = clientFor(emu, { timeoutMs: 200 });
    const notifier = new Notifier({ client, pool: fx.pool });
    const [first] = await fx.addFormIds(1);
    await emu.control.faults([{ path: SEND, delayMs: 1000, afterProcessing: true, times: 1 }]);
    const result = await notifier.notify({ openid: fx.openid, template: emu.template, data });
    expect(result).toEqual({ formId: first, source: 'form', attempts: 2 });
    expect(await inbox(fx.openid)).toHaveLength(1);
  });

  it('rejects with DeliveryUnknownError when the retry is unknown too, keeping the use spent', async () => {
    const fx = await fixture();
    const [first] = await fx.addFormIds(2);
    await emu.control.faults([{ path: SEND, reset: true, afterProcessing: true, times: 2 }]);
    const error = await fx.outcome();
    expect(error).toBeInstanceOf(DeliveryUnknownError);
    expect(error).toMatchObject({ formId: first, attempts: 2 });
    expect(await fx.pool.available(fx.openid)).toBe(1);
    expect(await inbox(fx.openid)).toHaveLength(1);
  });

  it('keeps the use spent when the retry of an unknown outcome is refused for another reason', async () => {
    const fx = await fixture();
    await fx.addFormIds(2);
    await emu.control.faults([
      { path: SEND, reset: true, afterProcessing: true, times: 1 },
      { path: SEND, errcode: -1 },
    ]);
    const error = await fx.outcome();
    expect(error).toBeInstanceOf(DeliveryUnknownError);
    expect((error as DeliveryUnknownError).cause).toBeInstanceOf(WeChatApiError);
    // It was in fact delivered: giving the use back would have cost a wasted attempt later.
    expect(await inbox(fx.openid)).toHaveLength(1);
    expect(await fx.pool.available(fx.openid)).toBe(1);
  });

  it('drops a credit whose unknown-outcome retry answers 41028, and sends with the next', async () => {
    const fx = await fixture();
    await emu.control.login({ appId: emu.appId, openid: fx.openid });
    await fx.pool.ingest(fx.openid, [{ formId: 'never-issued', createdAt: emu.now() - 5000 }]);
    const [good] = await fx.addFormIds(1);
    await emu.control.faults([{ path: SEND, reset: true, times: 1 }]);
    const result = await fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
    expect(result).toEqual({ formId: good, source: 'form', attempts: 3 });
    expect(await fx.pool.available(fx.openid)).toBe(0);
  });

  it('gives the credit back when the caller aborts before the send', async () => {
    const fx = await fixture();
    await fx.addFormIds(1);
    const controller = new AbortController();
    controller.abort();
    await expect(
      fx.notifier.notify({
        openid: fx.openid,
        template: emu.template,
        data,
        signal: controller.signal,
      }),
    ).rejects.toThrow();
    expect(await fx.pool.available(fx.openid)).toBe(1);
    expect(await inbox(fx.openid)).toHaveLength(0);
  });

  it('never retries a prepay_id whose outcome is unknown (a retry could deliver twice)', async () => {
    const fx = await fixture();
    const prepayId = await emu.control.prepay({ appId: emu.appId, openid: fx.openid });
    await fx.pool.addPrepayId(fx.openid, prepayId, emu.now());
    await emu.control.faults([{ path: SEND, reset: true, afterProcessing: true, times: 1 }]);
    const error = await fx.outcome();
    expect(error).toBeInstanceOf(DeliveryUnknownError);
    expect(await inbox(fx.openid)).toHaveLength(1);
    expect(await fx.pool.available(fx.openid)).toBe(2);
  });

  it('enforces the per-user rolling limit with PolicyError, without calling WeChat', async () => {
    const fx = await fixture({ sendLimit: { max: 2 } });
    await fx.addFormIds(3);
    await fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
    await fx.notifier.notify({ openid: fx.openid, template: emu.template, data });
    const before = await fx.sends();
    const error = await fx.outcome();
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).retryAt).toBeGreaterThan(emu.now());
    expect(await fx.sends()).toBe(before);
    expect(await fx.pool.available(fx.openid)).toBe(1);
  });

  it('rejects with MessageRejectedError when WeChat does not know the user (40003)', async () => {
    const fx = await fixture();
    await fx.pool.ingest(fx.openid, [{ formId: 'f-stranger', createdAt: emu.now() }]);
    const error = await fx.outcome();
    expect(error).toBeInstanceOf(MessageRejectedError);
    expect((error as MessageRejectedError).errcode).toBe(40003);
    expect(await fx.pool.available(fx.openid)).toBe(1);
  });

  it('refuses a client and a pool of different apps', () => {
    const pool = new FormIdPool({ store: createMemoryStore(), appId: 'wxother' });
    expect(() => new Notifier({ client: clientFor(emu), pool })).toThrow(InvalidArgumentError);
  });
});
