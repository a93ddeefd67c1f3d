import { describe, expect, it } from 'vitest';
import {
  buildSubscribeSendRequest,
  defineSubscribeTemplate,
  defineTemplate,
  describeSubscribeErrCode,
  isSubscribeDefinition,
  SUBSCRIBE_ERRCODE_RULES,
  SubscribeErrCode,
  TemplateDataError,
  toSubscribeWireData,
  validateSubscribeData,
  WeChatPath,
} from '../src/index.js';
import * as limits from '../src/limits.js';

const paid = defineSubscribeTemplate({
  id: 'priTmpl-paid',
  title: '订单支付成功通知',
  keywords: { product: 'thing1', paidAt: 'time2', amount: 'amount3', count: 'number4' },
});

const shipped = defineSubscribeTemplate({
  id: 'priTmpl-shipped',
  title: '订单发货提醒',
  keywords: { status: 'enum1', order: 'character_string2' },
  enumValues: { status: ['已发货', '未发货'] },
});

/** The error `fn` throws, for assertions on its fields. */
function thrown(fn: () => unknown): TemplateDataError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateDataError);
    return error as TemplateDataError;
  }
  throw new Error('expected a TemplateDataError');
}

describe('defineSubscribeTemplate', () => {
  it('freezes a valid definition', () => {
    expect(paid.keywords).toEqual({
      product: 'thing1',
      paidAt: 'time2',
      amount: 'amount3',
      count: 'number4',
    });
    expect(Object.isFrozen(paid)).toBe(true);
    expect(Object.isFrozen(paid.keywords)).toBe(true);
    expect(shipped.enumValues.status).toEqual(['已发货', '未发货']);
  });

  it.each([
    [{ id: '', title: 't', keywords: { a: 'thing1' } }, 'id'],
    [{ id: 'x', title: ' ', keywords: { a: 'thing1' } }, 'title'],
    [{ id: 'x', title: 't', keywords: {} }, 'keywords'],
    [{ id: 'x', title: 't', keywords: [] }, 'keywords'],
    [{ id: 'x', title: 't', keywords: { a: 'keyword1' } }, 'keywords.a'],
    [{ id: 'x', title: 't', keywords: { a: 'colour1' } }, 'keywords.a'],
    [{ id: 'x', title: 't', keywords: { a: 'thing' } }, 'keywords.a'],
    [{ id: 'x', title: 't', keywords: { a: 'thing1', b: 'thing1' } }, 'keywords.b'],
    [
      {
        id: 'x',
        title: 't',
        keywords: { a: 'thing1', b: 'thing2', c: 'thing3', d: 'thing4', e: 'thing5', f: 'thing6' },
      },
      'keywords',
    ],
    [{ id: 'x', title: 't', keywords: { a: 'thing1' }, enumValues: { a: ['x'] } }, 'enumValues.a'],
    [{ id: 'x', title: 't', keywords: { a: 'enum1' }, enumValues: { a: [] } }, 'enumValues.a'],
    [{ id: 'x', title: 't', keywords: { a: 'thing1' }, longTerm: 'yes' }, 'longTerm'],
  ])('refuses %j at %s', (input, path) => {
    // biome-ignore lint/suspicious/noExplicitAny: malformed input on purpose
    expect(thrown(() => defineSubscribeTemplate(input as any)).path).toBe(path);
  });

  it('marks long-term templates (one-time by default)', () => {
    expect(paid.longTerm).toBe(false);
    const longTerm = defineSubscribeTemplate({
      id: 'priTmpl-progress',
      title: '办理进度提醒',
      keywords: { item: 'thing1', status: 'phrase2' },
      longTerm: true,
    });
    expect(longTerm.longTerm).toBe(true);
    expect(Object.isFrozen(longTerm)).toBe(true);
  });

  it('tells a subscribe definition from a template-message one by its data keys', () => {
    expect(isSubscribeDefinition(paid)).toBe(true);
    expect(
      isSubscribeDefinition(defineTemplate({ id: 'x', title: 't', keywords: { a: 'keyword1' } })),
    ).toBe(false);
    expect(isSubscribeDefinition({ id: 'x', keywords: {} })).toBe(false);
    expect(isSubscribeDefinition(null)).toBe(false);
  });
});

describe('validateSubscribeData', () => {
  const good = { product: '拿铁咖啡', paidAt: '2019年10月1日 15:01', amount: '¥36.00元', count: 2 };

  it('accepts data every kind allows and writes the wire data', () => {
    expect(() => validateSubscribeData(paid, good)).not.toThrow();
    expect(toSubscribeWireData(paid, good)).toEqual({
      thing1: { value: '拿铁咖啡' },
      time2: { value: '2019年10月1日 15:01' },
      amount3: { value: '¥36.00元' },
      number4: { value: '2' },
    });
  });

  it('names the path and the rule broken', () => {
    const error = thrown(() =>
      validateSubscribeData(paid, {
        ...good,
        product: '这是一个超过二十个字符的很长很长很长很的商品名',
      }),
    );
    expect(error.path).toBe('data.product');
    expect(error.message).toBe('data.product: thing allows at most 20 characters, got 23');
    expect(error.code).toBe('TEMPLATE_DATA');
    expect(thrown(() => validateSubscribeData(paid, { ...good, amount: '36' })).path).toBe(
      'data.amount',
    );
    expect(thrown(() => validateSubscribeData(paid, { ...good, paidAt: '3pm' })).message).toMatch(
      /^data\.paidAt: time must be a 24-hour time/,
    );
  });

  it('refuses missing, unknown and mistyped keywords', () => {
    const { product: _, ...missing } = good;
    // biome-ignore lint/suspicious/noExplicitAny: runtime checks of JSON-shaped input
    const check = (data: unknown) => thrown(() => validateSubscribeData(paid, data as any));
    expect(check(missing).message).toBe('data.product: missing');
    expect(check({ ...good, extra: 'x' }).path).toBe('data.extra');
    expect(check({ ...good, product: 5 }).message).toBe(
      'data.product: thing takes a string, got number',
    );
    expect(check({ ...good, count: -1 }).path).toBe('data.count');
    expect(check({ ...good, count: Number.NaN }).path).toBe('data.count');
    expect(check(null).path).toBe('data');
    expect(check({ ...good, paidAt: new Date(Number.NaN) }).message).toBe(
      'data.paidAt: invalid Date',
    );
  });

  it('writes Dates in Beijing time, whatever the local zone', () => {
    const at = new Date(Date.UTC(2019, 9, 1, 7, 1, 30)); // 15:01:30 in Beijing
    expect(toSubscribeWireData(paid, { ...good, paidAt: at }).time2).toEqual({
      value: '2019年10月1日 15:01',
    });
    const dated = defineSubscribeTemplate({
      id: 'd',
      title: 't',
      keywords: { day: 'date1', when: 'time2' },
    });
    const lateUtc = new Date(Date.UTC(2019, 8, 30, 20, 0)); // already Oct 1 in Beijing
    expect(toSubscribeWireData(dated, { day: lateUtc, when: '04:00' }).date1).toEqual({
      value: '2019年10月1日',
    });
  });

  it('checks enum values against the definition', () => {
    expect(toSubscribeWireData(shipped, { status: '已发货', order: 'SF123' }).enum1).toEqual({
      value: '已发货',
    });
    expect(
      // @ts-expect-error: 退货 is not one of the listed values; data from JSON gets here
      thrown(() => validateSubscribeData(shipped, { status: '退货', order: 'SF1' })).path,
    ).toBe('data.status');
  });

  it('reads a definition that is not frozen afresh on every call', () => {
    // Sends remember what they work out of a definition only when it cannot change.
    const loose = { ...shipped, keywords: { ...shipped.keywords }, enumValues: { status: ['旧'] } };
    expect(validateSubscribeData(loose, { status: '旧', order: 'SF1' })).toBeUndefined();
    loose.enumValues.status = ['新'];
    expect(thrown(() => validateSubscribeData(loose, { status: '旧', order: 'SF1' })).path).toBe(
      'data.status',
    );
    (loose.keywords as Record<string, string>).order = 'thing2';
    expect(toSubscribeWireData(loose, { status: '新', order: 'SF1' })).toEqual({
      enum1: { value: '新' },
      thing2: { value: 'SF1' },
    });
    expect(isSubscribeDefinition(loose)).toBe(true);
    (loose.keywords as Record<string, string>).status = 'keyword1';
    expect(isSubscribeDefinition(loose)).toBe(false);
  });

  it('builds the send request', () => {
    expect(
      buildSubscribeSendRequest(paid, {
        touser: 'oUser',
        data: good,
        page: 'pages/order/index?id=1',
        state: 'trial',
        lang: 'en_US',
      }),
    ).toEqual({
      touser: 'oUser',
      template_id: 'priTmpl-paid',
      page: 'pages/order/index?id=1',
      data: toSubscribeWireData(paid, good),
      miniprogram_state: 'trial',
      lang: 'en_US',
    });
  });
});

describe('the phone errCodes of wx.requestSubscribeMessage', () => {
  it.each([10001, 10002, 10003, 10004, 10005, 20001, 20002, 20003, 20004, 20005, 20013])(
    'knows %i in Chinese and English',
    (code) => {
      const info = describeSubscribeErrCode(code);
      expect(info.known).toBe(true);
      expect(info.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(info.en).toMatch(/[a-z]/i);
      expect(SubscribeErrCode[info.name as keyof typeof SubscribeErrCode]).toBe(code);
    },
  );
  it('has one row per code and an honest unknown', () => {
    const codes = Object.values(SUBSCRIBE_ERRCODE_RULES).map((r) => r.errCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(describeSubscribeErrCode(1)).toMatchObject({ known: false, name: 'UNKNOWN' });
  });
  it('tells the user how to turn the main switch back on (20004), in both languages', () => {
    const { hint } = describeSubscribeErrCode(SubscribeErrCode.MAIN_SWITCH_OFF);
    expect(hint?.zh).toContain('接收订阅消息');
    expect(hint?.en).toMatch(/Settings/);
    expect(describeSubscribeErrCode(SubscribeErrCode.TMPL_IDS_EMPTY).hint).toBeUndefined();
  });
});

describe('subscribe paths and limits', () => {
  it('match the reference document', () => {
    expect(WeChatPath.subscribeSend).toBe('/cgi-bin/message/subscribe/send');
    expect(
      Object.values(WeChatPath).filter((path) => path.startsWith('/wxaapi/newtmpl/')),
    ).toHaveLength(6);
    expect(limits.SUBSCRIBE_TMPL_IDS_MAX).toBe(3);
    expect([limits.SUBSCRIBE_KEYWORDS_MIN, limits.SUBSCRIBE_KEYWORDS_MAX]).toEqual([2, 5]);
    expect(limits.SCENE_DESC_MAX_LENGTH).toBe(15);
    expect(limits.SUBSCRIBE_TEMPLATE_LIMIT).toBe(50);
    expect(limits.PUB_TITLES_LIMIT_MAX).toBe(30);
    expect(limits.MESSAGE_PUSH_TIMEOUT_MS).toBe(5000);
    expect(limits.MESSAGE_PUSH_RETRIES).toBe(3);
  });
});
