import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  defineSubscribeTemplate,
  InvalidArgumentError,
  TemplateDataError,
  WeChatPath,
} from '@wxtpl/shared-types';
import { clientFor, startTestEmulator, type TestEmulator } from '@wxtpl/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WeChatClient } from '../src/client/index.js';
import { WeChatApiError } from '../src/errors.js';
import {
  MessageRejectedError,
  NoCreditError,
  Notifier,
  TemplateRejectedError,
} from '../src/notify/index.js';
import { CreditPool } from '../src/pool/index.js';
import { createMessagePushHandler, type PushEvent } from '../src/push/index.js';
import { createMemoryStore } from '../src/store/index.js';
import { toExpress } from '../src/web/index.js';

const TOKEN = 'pushTokenForTests';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SEND = WeChatPath.subscribeSend;

let emulator: TestEmulator;
let client: WeChatClient;
let paid: ReturnType<typeof paidTemplate>;
let longTerm: {
  template: ReturnType<typeof defineSubscribeTemplate>;
  data: Record<string, string>;
};
let seq = 0;

function paidTemplate(id: string) {
  return defineSubscribeTemplate({
    id,
    title: '订单支付成功通知',
    keywords: { product: 'thing1', amount: 'amount2', paidAt: 'time3' },
  });
}
const data = { product: '拿铁咖啡（大杯）', amount: '¥36.00元', paidAt: '2026年11月30日 12:00' };

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = clientFor(emulator);
  const keywords = await client.subscribe.templates.keywords(99);
  const kids = keywords.data.filter((k) => ['thing', 'amount', 'time'].includes(k.rule));
  expect(kids.map((k) => `${k.rule}${k.kid}`)).toEqual(['thing1', 'amount2', 'time3']);
  const { priTmplId } = await client.subscribe.templates.add(
    99,
    kids.map((k) => k.kid),
    '付款',
  );
  paid = paidTemplate(priTmplId);
  const titles = [];
  for await (const title of client.subscribe.templates.allTitles([640, 650, 660, 670])) {
    titles.push(title);
  }
  const title = titles.find((t) => t.type === 3);
  if (title === undefined) throw new Error('the library has no long-term title');
  // Two keywords of a long-term title, filled with the library's own examples.
  const ltKeywords = (await client.subscribe.templates.keywords(title.tid)).data
    .filter((k) => k.rule !== 'enum')
    .slice(0, 2);
  const id = (
    await client.subscribe.templates.add(
      title.tid,
      ltKeywords.map((k) => k.kid),
    )
  ).priTmplId;
  longTerm = {
    template: defineSubscribeTemplate({
      id,
      title: title.title,
      keywords: Object.fromEntries(
        ltKeywords.map((k, i) => [`k${i}`, `${k.rule}${k.kid}`]),
      ) as never,
    }),
    data: Object.fromEntries(ltKeywords.map((k, i) => [`k${i}`, k.example])),
  };
});
afterAll(async () => {
  await client?.close();
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.control.faults([]);
});

/** A user of the app (WeChat answers 40003 for an openid the app never met). */
async function user() {
  const openid = `o-sub-${seq++}`;
  await emulator.control.login({ appId: emulator.appId, openid });
  const store = createMemoryStore();
  const pool = new CreditPool({ store, appId: emulator.appId, now: emulator.now });
  const notifier = new Notifier({ client, pool });
  const sends = async () => (await emulator.control.stats()).requests[SEND] ?? 0;
  /** The user taps 允许 for the paid template: WeChat and the pool both hold the acceptance. */
  const acceptPaid = async () => {
    await emulator.control.subscribe({ appId: emulator.appId, openid, templateIds: [paid.id] });
    await pool.acceptSubscriptions(openid, [paid.id]);
  };
  return { openid, store, pool, notifier, sends, acceptPaid };
}

describe('client.subscribe', () => {
  it('walks the library, manages templates and checks arguments before calling WeChat', async () => {
    const categories = await client.subscribe.templates.categories();
    expect(categories.data.length).toBeGreaterThanOrEqual(3);
    const page = await client.subscribe.templates.titles({ categoryIds: [2], start: 0, limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.count).toBeGreaterThan(2);
    const listed = await client.subscribe.templates.list();
    expect(listed.data.map((t) => t.priTmplId)).toContain(paid.id);
    const extra = await client.subscribe.templates.add(1003, [1, 2]);
    await client.subscribe.templates.delete(extra.priTmplId);
    expect((await client.subscribe.templates.list()).data.map((t) => t.priTmplId)).not.toContain(
      extra.priTmplId,
    );
    for (const call of [
      () => client.subscribe.templates.titles({ categoryIds: [2], start: 0, limit: 31 }),
      () => client.subscribe.templates.add(99, [1]),
      () => client.subscribe.templates.add(99, [1, 1]),
      () => client.subscribe.templates.add(99, [1, 2], '一二三四五六七八九十一二三四五六'),
      () => client.subscribe.send({} as never),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(InvalidArgumentError);
    }
  });

  it('sends raw, with typed errors', async () => {
    const { openid } = await user();
    const payload = { touser: openid, template_id: paid.id, data: {} as never };
    const error = await client.subscribe
      .send({
        ...payload,
        data: { thing1: { value: 'x' }, amount2: { value: '¥1' }, time3: { value: '12:00' } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: 43101, action: 'credit_dead' });
  });
});

describe('Notifier with subscribe messages', () => {
  it('spends one acceptance of the template and delivers', async () => {
    const u = await user();
    await emulator.control.subscribe({
      appId: emulator.appId,
      openid: u.openid,
      templateIds: [paid.id],
    });
    await u.pool.acceptSubscriptions(u.openid, [paid.id], { source: 'client' });
    const result = await u.notifier.notify({
      openid: u.openid,
      template: paid,
      data,
      page: 'pages/index/index',
    });
    expect(result).toMatchObject({ source: 'subscription', attempts: 1 });
    const inbox = await emulator.control.inbox({
      appId: emulator.appId,
      openid: u.openid,
      kind: 'subscribe',
    });
    expect(inbox).toHaveLength(1);
    expect(await u.pool.available(u.openid, { templateId: paid.id })).toBe(0);
    const spent = await u.notifier
      .notify({ openid: u.openid, template: paid, data })
      .catch((e: unknown) => e);
    expect(spent).toBeInstanceOf(NoCreditError);
    // It names the template and what to do about it.
    expect(spent).toMatchObject({ templateId: paid.id, attempts: 0 });
    expect((spent as Error).message).toContain(`subscribe template ${paid.id}: ask again`);
  });

  it('refuses data WeChat would refuse (47003) before touching a credit', async () => {
    const u = await user();
    await u.pool.acceptSubscriptions(u.openid, [paid.id]);
    const before = await u.sends();
    const tooLong = { ...data, product: '一二三四五六七八九十一二三四五六七八九十一' };
    await expect(
      u.notifier.notify({ openid: u.openid, template: paid, data: tooLong }),
    ).rejects.toThrow(TemplateDataError);
    expect(await u.sends()).toBe(before);
    expect(await u.pool.available(u.openid, { templateId: paid.id })).toBe(1);
  });

  it("drops the template's acceptances when WeChat holds none (43101)", async () => {
    const u = await user();
    await u.pool.acceptSubscriptions(u.openid, [paid.id], { reportId: 'a' });
    await u.pool.acceptSubscriptions(u.openid, [paid.id], { reportId: 'b' });
    const error = await u.notifier
      .notify({ openid: u.openid, template: paid, data })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCreditError);
    expect(await u.pool.available(u.openid, { templateId: paid.id })).toBe(0);
  });

  it('gives the acceptance back when WeChat refuses the message (45168, 40037)', async () => {
    const u = await user();
    await u.acceptPaid();
    await emulator.control.setSensitiveWords({ appId: emulator.appId, words: ['拿铁'] });
    const refused = await u.notifier
      .notify({ openid: u.openid, template: paid, data })
      .catch((e: unknown) => e);
    await emulator.control.setSensitiveWords({ appId: emulator.appId, words: [] });
    expect(refused).toBeInstanceOf(MessageRejectedError);
    expect(refused).toMatchObject({ errcode: 45168 });
    expect(await u.pool.available(u.openid, { templateId: paid.id })).toBe(1);
    const unknown = paidTemplate('no-such-template-id');
    await u.pool.acceptSubscriptions(u.openid, [unknown.id]);
    await expect(
      u.notifier.notify({ openid: u.openid, template: unknown, data }),
    ).rejects.toBeInstanceOf(TemplateRejectedError);
    expect(await u.pool.available(u.openid, { templateId: unknown.id })).toBe(1);
  });

  it('retries a concurrent send (43108) without a second acceptance', async () => {
    const u = await user();
    await u.acceptPaid();
    await emulator.control.faults([{ path: SEND, errcode: 43108, times: 1 }]);
    await u.notifier.notify({ openid: u.openid, template: paid, data });
    expect(await u.pool.available(u.openid, { templateId: paid.id })).toBe(0);
  });

  it('sends a long-term template repeatedly without spending it', async () => {
    const u = await user();
    const { template } = longTerm;
    await emulator.control.subscribe({
      appId: emulator.appId,
      openid: u.openid,
      templateIds: [template.id],
    });
    await u.pool.acceptSubscriptions(u.openid, [template.id], { longTerm: true });
    for (let i = 0; i < 3; i++) {
      await u.notifier.notify({ openid: u.openid, template, data: longTerm.data as never });
    }
    expect(await u.pool.available(u.openid, { templateId: template.id })).toBe(
      Number.POSITIVE_INFINITY,
    );
    const inbox = await emulator.control.inbox({
      appId: emulator.appId,
      openid: u.openid,
      kind: 'subscribe',
    });
    expect(inbox).toHaveLength(3);
  });
});

describe('createMessagePushHandler, with the emulator pushing', () => {
  let server: Server;
  let url: string;
  const events: PushEvent[] = [];
  let shared: Awaited<ReturnType<typeof user>>;
  /** Makes the next event's handling slower than WeChat waits. */
  let slowNext = 0;

  beforeAll(async () => {
    shared = await user();
    // With an EncodingAESKey a handler takes encrypted pushes only: plaintext mode has its own.
    const middleware = (encodingAESKey?: string) =>
      toExpress(
        createMessagePushHandler({
          appId: emulator.appId,
          token: TOKEN,
          ...(encodingAESKey === undefined ? {} : { encodingAESKey }),
          pool: shared.pool,
          onEvent: async (event) => {
            events.push(event);
            const delay = slowNext;
            slowNext = 0;
            if (delay > 0) await sleep(delay);
          },
        }),
      );
    const safe = middleware(AES_KEY);
    const plain = middleware();
    server = createServer((req, res) =>
      (req.url?.startsWith('/wechat/push-plain') ? plain : safe)(req, res, () => {}),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat/push`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const configure = (format: 'json' | 'xml', mode?: 'safe' | 'compatible', aes = true) =>
    emulator.control.registerApp({
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      pages: ['pages/index/index', 'pages/order/detail'],
      push: {
        url: aes ? url : `${url}-plain`,
        token: TOKEN,
        format,
        ...(aes ? { encodingAESKey: AES_KEY } : {}),
        ...(mode ? { mode } : {}),
      },
    });
  const settled = async (count: number) => {
    for (let i = 0; i < 100; i++) {
      const pushes = await emulator.control.pushes({ appId: emulator.appId });
      if (pushes.length >= count && pushes.every((p) => p.state !== 'pending')) return pushes;
      await sleep(20);
    }
    throw new Error('pushes did not settle');
  };

  it.each([
    ['JSON, plaintext', 'json', undefined, false],
    ['XML, safe mode', 'xml', 'safe', true],
    ['JSON, safe mode', 'json', 'safe', true],
    ['XML, compatible mode', 'xml', 'compatible', true],
  ] as const)(
    '%s: a popup accept becomes one credit, paired with the page report',
    async (_what, format, mode, aes) => {
      await configure(format, mode, aes);
      const openid = `o-push-${seq++}`;
      await emulator.control.login({ appId: emulator.appId, openid });
      await shared.pool.acceptSubscriptions(openid, [paid.id], {
        source: 'client',
        reportId: 'page-1',
      });
      const before = (await emulator.control.pushes({ appId: emulator.appId })).length;
      await emulator.control.subscribe({ appId: emulator.appId, openid, templateIds: [paid.id] });
      const pushes = await settled(before + 1);
      expect(pushes.at(-1)?.state).toBe('delivered');
      expect(await shared.pool.available(openid, { templateId: paid.id })).toBe(1);
      expect(events.at(-1)).toMatchObject({ kind: 'popup', openid });
    },
  );

  it('revokes on a change event and reports the sent event of a send', async () => {
    await configure('json', 'safe');
    const openid = `o-push-${seq++}`;
    await emulator.control.login({ appId: emulator.appId, openid });
    await emulator.control.subscribe({ appId: emulator.appId, openid, templateIds: [paid.id] });
    await settled((await emulator.control.pushes({ appId: emulator.appId })).length);
    const notifier = new Notifier({ client, pool: shared.pool });
    await notifier.notify({ openid, template: paid, data });
    await emulator.control.subscribe({ appId: emulator.appId, openid, templateIds: [paid.id] });
    await emulator.control.changeSubscription({
      appId: emulator.appId,
      openid,
      templateId: paid.id,
    });
    for (
      let i = 0;
      i < 100 && !events.some((e) => e.kind === 'change' && e.openid === openid);
      i++
    ) {
      await sleep(20);
    }
    expect(await shared.pool.available(openid, { templateId: paid.id })).toBe(0);
    const sent = events.find((e) => e.kind === 'sent' && e.openid === openid);
    expect(sent).toMatchObject({
      receipts: [{ templateId: paid.id, errorCode: 0, errorStatus: 'success' }],
    });
  });

  it('records a push once although WeChat delivers it again', async () => {
    await configure('xml', 'safe');
    const openid = `o-push-${seq++}`;
    await emulator.control.login({ appId: emulator.appId, openid });
    // The first answer comes after WeChat stopped waiting: it pushes again, meanwhile and after.
    slowNext = 400;
    await emulator.control.registerApp({
      appId: emulator.appId,
      appSecret: emulator.appSecret,
      pages: ['pages/index/index', 'pages/order/detail'],
      push: {
        url,
        token: TOKEN,
        format: 'xml',
        encodingAESKey: AES_KEY,
        timeoutMs: 100,
        retryDelayMs: 150,
      },
    });
    await emulator.control.subscribe({ appId: emulator.appId, openid, templateIds: [paid.id] });
    await sleep(1200);
    const pushes = await emulator.control.pushes({ appId: emulator.appId });
    expect(pushes.at(-1)?.attempts.length).toBeGreaterThanOrEqual(2);
    expect(pushes.at(-1)?.state).toBe('delivered');
    expect(await shared.pool.available(openid, { templateId: paid.id })).toBe(1);
    expect(events.filter((e) => e.kind === 'popup' && e.openid === openid)).toHaveLength(1);
  });
});
