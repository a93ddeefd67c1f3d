import { LIBRARY } from '@wxtpl/emulator';
import {
  clientFor,
  freshApp,
  startTestEmulator,
  type TestApp,
  type TestEmulator,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineSubscribeTemplate,
  defineTemplate,
  type VerifyIssue,
  type WeChatClient,
} from '../src/index.js';

const TEMPLATE_LIST = '/cgi-bin/wxopen/template/list';
const SUBSCRIBE_LIST = '/wxaapi/newtmpl/gettemplate';
const BOOKING_TITLE = '预约成功通知';

let emulator: TestEmulator;
let client: WeChatClient;
/** 预约成功通知 with 预约项目, 预约时间, 预约门店, 预约人 (keyword1..keyword4). */
let bookingId: string;
/** 订单发货提醒 (one-time): character_string1, enum2 (物流状态), thing3, time5. */
let shippedId: string;
/** 预约办事提醒 (long-term): thing1, time2, thing3, name4. */
let appointmentId: string;

function booking(keywords: Record<string, string>, id = bookingId, title = BOOKING_TITLE) {
  return defineTemplate({ id, title, keywords: keywords as never });
}

function shipped(overrides: { keywords?: Record<string, string>; enumValues?: object } = {}) {
  return defineSubscribeTemplate({
    id: shippedId,
    title: '订单发货提醒',
    keywords: (overrides.keywords ?? {
      orderNo: 'character_string1',
      status: 'enum2',
      carrier: 'thing3',
      shippedAt: 'time5',
    }) as never,
    enumValues: (overrides.enumValues ?? {
      status: ['已发货', '运输中', '派送中', '已签收'],
    }) as never,
  });
}

const appointment = () =>
  defineSubscribeTemplate({
    id: appointmentId,
    title: '预约办事提醒',
    keywords: { item: 'thing1', time: 'time2', place: 'thing3', person: 'name4' },
    longTerm: true,
  });

/** The issues without their messages, which are checked separately. */
const codes = (issues: VerifyIssue[]) => issues.map(({ message: _message, ...rest }) => rest);

async function requests(path: string): Promise<number> {
  return (await emulator.stats()).requests[path] ?? 0;
}

beforeAll(async () => {
  emulator = await startTestEmulator();
  client = clientFor(emulator);
  const library = LIBRARY.find((t) => t.title === BOOKING_TITLE);
  if (library === undefined) throw new Error(`the library lacks ${BOOKING_TITLE}`);
  bookingId = (await client.templates.add(library.id, [1, 2, 3, 5])).template_id;
  shippedId = (await client.subscribe.templates.add(1002, [1, 2, 3, 5])).priTmplId;
  appointmentId = (await client.subscribe.templates.add(4002, [1, 2, 3, 4])).priTmplId;
});

afterAll(async () => {
  await client?.close();
  await emulator?.close();
});

describe('client.templates.verify against the emulator', () => {
  it('passes definitions of both kinds that match the account', async () => {
    const report = await client.templates.verify([
      booking({ service: 'keyword1', time: 'keyword2', store: 'keyword3', contact: 'keyword4' }),
      shipped(),
      appointment(),
    ]);
    expect(report).toEqual({ ok: true, checked: 3, issues: [] });
  });

  it('reports a keyword mapped past the template and the slot it leaves empty (预约人)', async () => {
    const report = await client.templates.verify([
      booking({ service: 'keyword1', time: 'keyword2', store: 'keyword3', contact: 'keyword9' }),
    ]);
    expect(report.ok).toBe(false);
    const base = { index: 0, kind: 'template', templateId: bookingId, title: BOOKING_TITLE };
    expect(codes(report.issues)).toEqual([
      { ...base, code: 'unknown-slot', severity: 'error', keyword: 'contact', slot: 'keyword9' },
      { ...base, code: 'unfilled-slot', severity: 'error', slot: 'keyword4' },
    ]);
    expect(report.issues.map((i) => i.message)).toEqual([
      'keyword "contact" maps to keyword9, which the template does not have (it has keyword1, keyword2, keyword3, keyword4)',
      'keyword4 (预约人) is never filled: no keyword maps to it',
    ]);
  });

  it('reports a subscribe keyword of the wrong kind once, not also as an empty slot', async () => {
    const report = await client.templates.verify([
      shipped({
        keywords: {
          orderNo: 'character_string1',
          status: 'thing2',
          carrier: 'thing3',
          shippedAt: 'time5',
          extra: 'thing8',
        },
        enumValues: {},
      }),
    ]);
    expect(
      codes(report.issues).map(({ code, keyword, slot, expected }) => ({
        code,
        keyword,
        slot,
        expected,
      })),
    ).toEqual([
      { code: 'kind-mismatch', keyword: 'status', slot: 'thing2', expected: 'enum2' },
      { code: 'unknown-slot', keyword: 'extra', slot: 'thing8', expected: undefined },
    ]);
    expect(report.issues[0]?.message).toBe(
      'keyword "status" maps to thing2, but keyword 2 of the template is enum2 (物流状态)',
    );
  });

  it('reports templates of the other kind and missing ones, fetching the other list only then', async () => {
    const templateLists = await requests(TEMPLATE_LIST);
    const ok = await client.templates.verify([shipped(), appointment()]);
    expect(ok.ok).toBe(true);
    expect(await requests(TEMPLATE_LIST)).toBe(templateLists);

    const report = await client.templates.verify([
      booking({ a: 'keyword1' }, shippedId, '订单发货提醒'),
      defineSubscribeTemplate({ id: bookingId, title: BOOKING_TITLE, keywords: { a: 'thing1' } }),
      booking({ a: 'keyword1' }, 'no-such-template', '不存在通知'),
    ]);
    expect(report.issues.map(({ index, code, kind }) => ({ index, code, kind }))).toEqual([
      { index: 0, code: 'wrong-kind', kind: 'template' },
      { index: 1, code: 'wrong-kind', kind: 'subscribe' },
      { index: 2, code: 'missing-template', kind: 'template' },
    ]);
    expect(report.issues[0]?.message).toContain('defineSubscribeTemplate');
    expect(report.issues[2]?.message).toBe('the account has no template no-such-template');
  });

  it('reports the long-term type, enum values and the title', async () => {
    const oneTime = defineSubscribeTemplate({
      id: appointmentId,
      title: '预约提醒',
      keywords: { item: 'thing1', time: 'time2', place: 'thing3', person: 'name4' },
    });
    const report = await client.templates.verify([
      oneTime,
      shipped({ enumValues: { status: ['已发货', '已退货'] } }),
      shipped({ enumValues: {} }),
    ]);
    expect(report.ok).toBe(false);
    expect(
      report.issues.map(({ index, code, severity, expected }) => ({
        index,
        code,
        severity,
        expected,
      })),
    ).toEqual([
      { index: 0, code: 'title-mismatch', severity: 'warning', expected: '预约办事提醒' },
      { index: 0, code: 'long-term-mismatch', severity: 'error', expected: 'long-term' },
      {
        index: 1,
        code: 'enum-value-unknown',
        severity: 'error',
        expected: '已发货, 运输中, 派送中, 已签收',
      },
      {
        index: 1,
        code: 'enum-values-incomplete',
        severity: 'warning',
        expected: '已发货, 运输中, 派送中, 已签收',
      },
      {
        index: 2,
        code: 'enum-values-incomplete',
        severity: 'warning',
        expected: '已发货, 运输中, 派送中, 已签收',
      },
    ]);
    expect(report.issues[2]?.message).toContain('「已退货」');
  });

  it('is ok with warnings only', async () => {
    const report = await client.templates.verify([shipped({ enumValues: {} })]);
    expect(report.ok).toBe(true);
    expect(report.issues).toHaveLength(1);
  });

  it('refuses a malformed definition with the path of the bad value, before any request', async () => {
    const lists = async () => [await requests(TEMPLATE_LIST), await requests(SUBSCRIBE_LIST)];
    const before = await lists();
    const verify = client.templates.verify as (definitions: unknown) => Promise<unknown>;
    await expect(verify.call(client.templates, 'booking')).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      path: 'definitions',
    });
    await expect(
      verify.call(client.templates, [
        booking({ a: 'keyword1' }),
        { id: 'x', title: 't', keywords: { a: 'keyword1', b: 'keyword1' } },
      ]),
    ).rejects.toMatchObject({ name: 'InvalidArgumentError', path: 'definitions[1].keywords.b' });
    await expect(
      verify.call(client.templates, [{ id: 'x', title: 't', keywords: { a: 'keyword11' } }]),
    ).rejects.toMatchObject({ path: 'definitions[0].keywords.a' });
    await expect(verify.call(client.templates, [null])).rejects.toMatchObject({
      path: 'definitions[0]',
    });
    expect(await lists()).toEqual(before);
  });
});

describe('client.templates.verify walks every page of the account list', () => {
  let app: TestApp;
  let other: WeChatClient;

  beforeAll(async () => {
    app = freshApp('pages');
    await emulator.control.registerApp(app);
    other = clientFor({ ...app, url: emulator.url });
  });

  afterAll(async () => {
    await other?.close();
  });

  it('finds a template on the second page of 20', async () => {
    const library = LIBRARY.find((t) => t.title === BOOKING_TITLE);
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) {
      ids.push(
        await emulator.control.addTemplate({
          appId: app.appId,
          id: library?.id as string,
          keywordIds: [1, 2, 3, 5],
        }),
      );
    }
    const before = await requests(TEMPLATE_LIST);
    const subscribeBefore = await requests(SUBSCRIBE_LIST);
    const keywords = {
      service: 'keyword1',
      time: 'keyword2',
      store: 'keyword3',
      contact: 'keyword4',
    };
    const report = await other.templates.verify([
      booking(keywords, ids[0]),
      booking(keywords, ids[21]),
    ]);
    expect(report).toEqual({ ok: true, checked: 2, issues: [] });
    expect((await requests(TEMPLATE_LIST)) - before).toBe(2);
    // Every id was found in its own list: the subscribe list was not needed.
    expect(await requests(SUBSCRIBE_LIST)).toBe(subscribeBefore);
  });
});
