import { Errcode, KEYWORD_KINDS, WeChatPath } from '@wxtpl/shared-types';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { APP, OTHER_APP, startTestEmulator, useTokenEmulator, type WxCaller } from './helpers.js';
import {
  getWith,
  PAID_DATA,
  PAID_TID,
  PROGRESS_DATA,
  SUBSCRIBE_SEND,
  sendPaid,
  subscribeSetup,
} from './subscribe-fixtures.js';

const USER = 'oSubscribeConformance0000001';

// The reference document's requests for subscribe messages, over HTTP, with every errcode.
describe('subscribe template management (/wxaapi/newtmpl/*)', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  let token: string;
  useTokenEmulator((fixture) => ({ emulator, wx, token } = fixture));

  it('getcategory lists the categories as {data: [{id, name}]}', async () => {
    const body = await getWith(wx, WeChatPath.subscribeCategories, token);
    expect(body.errcode).toBe(0);
    const data = body.data as { id: number; name: string }[];
    expect(data.length).toBeGreaterThanOrEqual(3);
    for (const category of data)
      expect(category).toEqual({ id: expect.any(Number), name: expect.any(String) });
  });

  it('getpubtemplatetitles?ids=2,616&start=0&limit=30 (the reference example)', async () => {
    const body = await getWith(
      wx,
      WeChatPath.subscribeTitles,
      token,
      '&ids=2,616&start=0&limit=30',
    );
    expect(body.errcode).toBe(0);
    const data = body.data as { tid: number; title: string; type: number; categoryId: string }[];
    expect(body.count).toBe(data.length);
    expect(data.map((t) => t.categoryId).every((id) => id === '2' || id === '616')).toBe(true);
    expect(data[0]).toEqual({ tid: 99, title: '订单支付成功通知', type: 2, categoryId: '2' });
  });

  it('the public library holds at least 20 titles of both kinds whose keywords cover every kind', async () => {
    const categories = (await getWith(wx, WeChatPath.subscribeCategories, token)).data as {
      id: number;
    }[];
    const ids = categories.map((c) => c.id).join(',');
    const titles: { tid: number; type: number }[] = [];
    for (let start = 0; ; start += 5) {
      const page = await getWith(
        wx,
        WeChatPath.subscribeTitles,
        token,
        `&ids=${ids}&start=${start}&limit=5`,
      );
      const data = page.data as { tid: number; type: number }[];
      titles.push(...data);
      if (data.length < 5) {
        expect(titles).toHaveLength(page.count as number);
        break;
      }
    }
    expect(titles.length).toBeGreaterThanOrEqual(20);
    expect(new Set(titles.map((t) => t.type))).toEqual(new Set([2, 3]));
    const rules = new Set<string>();
    for (const { tid } of titles) {
      const keywords = await getWith(wx, WeChatPath.subscribeKeywords, token, `&tid=${tid}`);
      for (const k of keywords.data as { rule: string }[]) rules.add(k.rule);
    }
    expect([...rules].sort()).toEqual([...KEYWORD_KINDS].sort());
  });

  it('getpubtemplatekeywords?tid=99 gives {kid, name, example, rule}', async () => {
    const body = await getWith(wx, WeChatPath.subscribeKeywords, token, '&tid=99');
    expect(body.errcode).toBe(0);
    expect(body.count).toBe(6);
    expect((body.data as unknown[])[0]).toEqual({
      kid: 1,
      name: '商品名称',
      example: '拿铁咖啡（大杯）',
      rule: 'thing',
    });
  });

  it('addtemplate composes the content in kidList order; gettemplate lists it; deltemplate removes it', async () => {
    const added = await wx.call(WeChatPath.subscribeTemplateAdd, token, {
      tid: PAID_TID,
      kidList: [3, 1, 2],
      sceneDesc: '支付成功后通知用户',
    });
    expect(Object.keys(added).sort()).toEqual(['errcode', 'errmsg', 'priTmplId']);
    const listed = await getWith(wx, WeChatPath.subscribeTemplateList, token);
    expect(listed).toEqual({
      errcode: 0,
      errmsg: 'ok',
      data: [
        {
          priTmplId: added.priTmplId,
          title: '订单支付成功通知',
          content: '支付时间:{{time3.DATA}}\n商品名称:{{thing1.DATA}}\n支付金额:{{amount2.DATA}}\n',
          example: '支付时间:2019年10月1日 15:01\n商品名称:拿铁咖啡（大杯）\n支付金额:¥36.00元\n',
          type: 2,
        },
      ],
    });
    const removed = await wx.call(WeChatPath.subscribeTemplateDelete, token, {
      priTmplId: added.priTmplId,
    });
    expect(removed).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await getWith(wx, WeChatPath.subscribeTemplateList, token)).data).toEqual([]);
    expect(
      (await wx.call(WeChatPath.subscribeTemplateDelete, token, { priTmplId: added.priTmplId }))
        .errcode,
    ).toBe(Errcode.INVALID_TEMPLATE_ID);
  });

  it('gettemplate gives the enum values and the type of a long-term template', async () => {
    const added = await wx.call(WeChatPath.subscribeTemplateAdd, token, {
      tid: '4001',
      kidList: [2, 1],
    });
    expect(added.errcode).toBe(0);
    const [template] = (await getWith(wx, WeChatPath.subscribeTemplateList, token))
      .data as object[];
    expect(template).toMatchObject({
      content: '办理进度:{{enum2.DATA}}\n业务名称:{{thing1.DATA}}\n',
      type: 3,
      keywordEnumValueList: [
        { keywordCode: 'enum2.DATA', enumValueList: ['已受理', '审核中', '已办结', '已驳回'] },
      ],
    });
  });

  it.each([
    [{ kidList: [1, 2] }, Errcode.INVALID_TID],
    [{ tid: 123456, kidList: [1, 2] }, Errcode.INVALID_TID],
    [{ tid: 'abc', kidList: [1, 2] }, Errcode.INVALID_TID],
    [{ tid: 1006, kidList: [1, 2] }, Errcode.TEMPLATE_BANNED],
    [{ tid: PAID_TID, kidList: [1] }, Errcode.INVALID_KID_LIST],
    [{ tid: PAID_TID, kidList: [1, 2, 3, 4, 5, 6] }, Errcode.INVALID_KID_LIST],
    [{ tid: PAID_TID, kidList: [1, 1] }, Errcode.INVALID_KID_LIST],
    [{ tid: PAID_TID, kidList: [1, 7] }, Errcode.INVALID_KID_LIST],
    [{ tid: PAID_TID, kidList: ['1', '2'] }, Errcode.INVALID_KID_LIST],
    [{ tid: PAID_TID }, Errcode.INVALID_KID_LIST],
    [
      { tid: PAID_TID, kidList: [1, 2], sceneDesc: '这个服务场景描述超过了十五个字啊' },
      Errcode.INVALID_SCENE_DESC,
    ],
    [{ tid: PAID_TID, kidList: [1, 2], sceneDesc: 5 }, Errcode.INVALID_SCENE_DESC],
    [{ tid: PAID_TID, kidList: [1, 2], sceneDesc: '' }, Errcode.INVALID_SCENE_DESC],
  ])('addtemplate %j answers %i', async (body, errcode) => {
    expect((await wx.call(WeChatPath.subscribeTemplateAdd, token, body)).errcode).toBe(errcode);
  });

  it('accepts sceneDesc of exactly 15 characters and at most 50 templates (then 200012)', async () => {
    const first = await wx.call(WeChatPath.subscribeTemplateAdd, token, {
      tid: PAID_TID,
      kidList: [1, 2],
      sceneDesc: '这个服务场景描述刚好十五个字啊',
    });
    expect(first.errcode).toBe(0);
    for (let i = 1; i < 50; i++) {
      await emulator.control.addSubscribeTemplate({
        appId: APP.appId,
        tid: PAID_TID,
        kidList: [1, 2],
      });
    }
    const refused = await wx.call(WeChatPath.subscribeTemplateAdd, token, {
      tid: PAID_TID,
      kidList: [1, 2],
    });
    expect(refused.errcode).toBe(Errcode.PRIVATE_TEMPLATE_LIMIT);
  });

  it.each([
    ['', Errcode.CATEGORY_IDS_MISSING],
    ['&ids=&start=0&limit=5', Errcode.CATEGORY_IDS_MISSING],
    ['&ids=2,999&start=0&limit=5', Errcode.INVALID_CATEGORY_IDS],
    ['&ids=x&start=0&limit=5', Errcode.INVALID_CATEGORY_IDS],
    ['&ids=2&limit=5', Errcode.INVALID_START],
    ['&ids=2&start=-1&limit=5', Errcode.INVALID_START],
    ['&ids=2&start=0', Errcode.INVALID_LIMIT],
    ['&ids=2&start=0&limit=0', Errcode.INVALID_LIMIT],
    ['&ids=2&start=0&limit=31', Errcode.INVALID_LIMIT],
  ])('getpubtemplatetitles%s answers %i', async (params, errcode) => {
    expect((await getWith(wx, WeChatPath.subscribeTitles, token, params)).errcode).toBe(errcode);
  });

  it('getpubtemplatekeywords without a valid tid answers 200014', async () => {
    for (const params of ['', '&tid=', '&tid=123456', '&tid=x']) {
      expect((await getWith(wx, WeChatPath.subscribeKeywords, token, params)).errcode).toBe(
        Errcode.INVALID_TID,
      );
    }
  });

  it('a banned account gets 200011 from every template call', async () => {
    await emulator.control.banSubscribe({ appId: APP.appId });
    for (const path of [
      WeChatPath.subscribeCategories,
      WeChatPath.subscribeTemplateList,
      WeChatPath.subscribeKeywords,
      WeChatPath.subscribeTitles,
    ]) {
      expect((await getWith(wx, path, token)).errcode).toBe(Errcode.ACCOUNT_BANNED);
    }
    for (const path of [WeChatPath.subscribeTemplateAdd, WeChatPath.subscribeTemplateDelete]) {
      expect((await wx.call(path, token, { tid: PAID_TID, kidList: [1, 2] })).errcode).toBe(
        Errcode.ACCOUNT_BANNED,
      );
    }
  });

  it('GET calls refuse POST (43001), POST calls refuse GET (43002), all need a valid token', async () => {
    for (const path of [
      WeChatPath.subscribeCategories,
      WeChatPath.subscribeTitles,
      WeChatPath.subscribeKeywords,
      WeChatPath.subscribeTemplateList,
    ]) {
      expect((await wx.call(path, token, {})).errcode).toBe(Errcode.REQUIRE_GET_METHOD);
      expect((await wx.get(path)).body.errcode).toBe(Errcode.ACCESS_TOKEN_MISSING);
      expect((await getWith(wx, path, 'not-a-token')).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    }
    for (const path of [
      WeChatPath.subscribeTemplateAdd,
      WeChatPath.subscribeTemplateDelete,
      SUBSCRIBE_SEND,
    ]) {
      expect((await getWith(wx, path, token)).errcode).toBe(Errcode.REQUIRE_POST_METHOD);
      expect((await wx.call(path, 'not-a-token', {})).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    }
    await emulator.control.advanceClock(7200);
    expect((await getWith(wx, WeChatPath.subscribeCategories, token)).errcode).toBe(
      Errcode.ACCESS_TOKEN_EXPIRED,
    );
  });
});

describe('POST /cgi-bin/message/subscribe/send', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  let token: string;
  let paid: string;
  let progress: string;
  useTokenEmulator((fixture) => ({ emulator, wx, token } = fixture));
  beforeEach(async () => {
    ({ paid, progress } = await subscribeSetup(emulator, USER));
  });

  const send = (body: object) => wx.call(SUBSCRIBE_SEND, token, body);
  const paidRequest = (extra: object = {}) => ({
    touser: USER,
    template_id: paid,
    page: 'pages/order/index?id=1',
    data: PAID_DATA,
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    ...extra,
  });
  const left = async (templateId: string) =>
    (await emulator.control.subscriptions({ appId: APP.appId, openid: USER })).subscriptions.find(
      (s) => s.templateId === templateId,
    );

  it('delivers an accepted one-time template once per acceptance, then answers 43101', async () => {
    for (let i = 0; i < 3; i++) {
      await emulator.control.subscribe({ appId: APP.appId, openid: USER, templateIds: [paid] });
    }
    expect((await left(paid))?.oneTime).toBe(3);
    for (let i = 0; i < 3; i++) {
      const answer = await send(paidRequest());
      expect(answer).toEqual({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) });
    }
    const refused = await send(paidRequest());
    expect(refused).toEqual({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    expect((await left(paid))?.oneTime).toBe(0);
    const inbox = await emulator.control.inbox({
      appId: APP.appId,
      openid: USER,
      kind: 'subscribe',
    });
    expect(inbox).toHaveLength(3);
    expect(inbox[0]).toMatchObject({
      kind: 'subscribe',
      touser: USER,
      template_id: paid,
      title: '订单支付成功通知',
      page: 'pages/order/index?id=1',
      form_id: null,
      emphasis_keyword: null,
      miniprogram_state: 'formal',
      lang: 'zh_CN',
      data: PAID_DATA,
      keywords: [
        { name: '商品名称', value: '拿铁咖啡（大杯）' },
        { name: '支付金额', value: '¥36.00元' },
        { name: '支付时间', value: '2019年10月1日 15:01' },
      ],
    });
    expect(new Set(inbox.map((m) => m.msgid)).size).toBe(3);
  });

  it('sends a long-term template repeatedly until the user turns it off', async () => {
    await emulator.control.subscribe({ appId: APP.appId, openid: USER, templateIds: [progress] });
    const request = { touser: USER, template_id: progress, data: PROGRESS_DATA };
    for (let i = 0; i < 5; i++) expect((await send(request)).errcode).toBe(0);
    await emulator.control.changeSubscription({
      appId: APP.appId,
      openid: USER,
      templateId: progress,
    });
    expect((await send(request)).errcode).toBe(Errcode.USER_NOT_SUBSCRIBED);
  });

  it('answers 47003 naming the field a kind refuses, before any acceptance is touched', async () => {
    await emulator.control.subscribe({ appId: APP.appId, openid: USER, templateIds: [paid] });
    const cases: [object, string][] = [
      [
        { ...PAID_DATA, thing1: { value: '这是一个超过二十个字符的很长很长很长很的商品名' } },
        'data.thing1.value',
      ],
      [{ ...PAID_DATA, amount2: { value: '36元' } }, 'data.amount2.value'],
      [{ ...PAID_DATA, time3: { value: '3pm' } }, 'data.time3.value'],
      [{ thing1: PAID_DATA.thing1, amount2: PAID_DATA.amount2 }, 'data.time3.value'],
      [{ ...PAID_DATA, thing1: { value: '' } }, 'data.thing1.value'],
      [{ ...PAID_DATA, thing1: { value: '两行\n文字' } }, 'data.thing1.value'],
      [{ ...PAID_DATA, thing1: 'not an object' }, 'data.thing1.value'],
    ];
    for (const [data, field] of cases) {
      expect(await send(paidRequest({ data }))).toEqual({
        errcode: 47003,
        errmsg: `argument invalid! ${field} invalid`,
      });
    }
    expect((await send(paidRequest({ data: [] }))).errmsg).toBe('argument invalid! data invalid');
    expect((await send(paidRequest({ miniprogram_state: 'beta' }))).errmsg).toBe(
      'argument invalid! miniprogram_state invalid',
    );
    expect((await send(paidRequest({ lang: 'fr_FR' }))).errcode).toBe(47003);
    expect((await left(paid))?.oneTime).toBe(1);
    // Keys the template lacks are ignored; numbers are accepted where the kind allows digits.
    expect(
      (await send(paidRequest({ data: { ...PAID_DATA, thing9: { value: 'x' } } }))).errcode,
    ).toBe(0);
  });

  it('enum keywords take one of the template values only', async () => {
    await emulator.control.subscribe({ appId: APP.appId, openid: USER, templateIds: [progress] });
    const request = (value: string) => ({
      touser: USER,
      template_id: progress,
      data: { ...PROGRESS_DATA, enum2: { value } },
    });
    expect((await send(request('已办结'))).errcode).toBe(0);
    expect((await send(request('已完成'))).errmsg).toBe(
      'argument invalid! data.enum2.value invalid',
    );
  });

  it("answers 40003 for an openid the app never met, or another app's user", async () => {
    await emulator.control.subscribe({ appId: APP.appId, openid: USER, templateIds: [paid] });
    await emulator.control.login({ appId: OTHER_APP.appId, openid: 'oOtherAppUser' });
    for (const touser of ['oStranger', 'oOtherAppUser', undefined]) {
      expect((await send(paidRequest({ touser }))).errcode).toBe(Errcode.INVALID_OPENID);
    }
    expect((await left(paid))?.oneTime).toBe(1);
  });

  it('answers 40037 for a template the account lacks, 41030 for a page the app lacks', async () => {
    await emulator.control.registerApp({ ...OTHER_APP, pages: ['pages/index/index'] });
    const otherToken = await wx.token(OTHER_APP);
    const other = await emulator.control.addSubscribeTemplate({
      appId: OTHER_APP.appId,
      tid: PAID_TID,
      kidList: [1, 2, 3],
    });
    await emulator.control.subscribe({
      appId: OTHER_APP.appId,
      openid: USER,
      templateIds: [other],
    });
    expect((await send(paidRequest({ template_id: other }))).errcode).toBe(
      Errcode.INVALID_TEMPLATE_ID,
    );
    const otherSend = (page: string) =>
      wx.call(SUBSCRIBE_SEND, otherToken, { ...paidRequest(), template_id: other, page });
    expect((await otherSend('pages/missing/index')).errcode).toBe(Errcode.INVALID_PAGE);
    expect((await otherSend('pages/index/index?from=card')).errcode).toBe(0);
  });

  it('answers 43107 for a banned template or account, 45168 for a sensitive word', async () => {
    await emulator.control.subscribe({ appId: APP.appId, openid: USER, templateIds: [paid] });
    await emulator.control.banSubscribe({ appId: APP.appId, templateId: paid });
    expect((await send(paidRequest())).errcode).toBe(Errcode.SUBSCRIBE_BANNED);
    await emulator.control.banSubscribe({ appId: APP.appId, templateId: paid, banned: false });
    await emulator.control.banSubscribe({ appId: APP.appId });
    expect((await send(paidRequest())).errcode).toBe(Errcode.SUBSCRIBE_BANNED);
    await emulator.control.banSubscribe({ appId: APP.appId, banned: false });
    await emulator.control.setSensitiveWords({ appId: APP.appId, words: ['拿铁'] });
    expect((await send(paidRequest())).errcode).toBe(Errcode.SENSITIVE_WORD);
    await emulator.control.setSensitiveWords({ appId: APP.appId, words: [] });
    expect((await left(paid))?.oneTime).toBe(1);
    expect((await send(paidRequest())).errcode).toBe(0);
  });

  it('answers 43108 to a second send to a user while one is in flight', async () => {
    await emulator.control.subscribe({ appId: APP.appId, openid: USER, templateIds: [progress] });
    const request = { touser: USER, template_id: progress, data: PROGRESS_DATA };
    // The first send is processed at once, then its answer is held back: it is in flight.
    await emulator.control.faults([
      { path: SUBSCRIBE_SEND, delayMs: 1500, afterProcessing: true, times: 1 },
    ]);
    const first = send(request);
    while (
      (await emulator.control.inbox({ appId: APP.appId, openid: USER, kind: 'subscribe' }))
        .length === 0
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await send(request)).errcode).toBe(Errcode.CONCURRENT_SEND);
    expect((await first).errcode).toBe(0);
    expect((await send(request)).errcode).toBe(0);
    // A fault rule can force it too.
    await emulator.control.faults([{ path: SUBSCRIBE_SEND, errcode: 43108, times: 1 }]);
    expect((await send(request)).errcode).toBe(Errcode.CONCURRENT_SEND);
  });

  it('counts answers in stats.subscribeSends, apart from template sends', async () => {
    await emulator.control.subscribe({ appId: APP.appId, openid: USER, templateIds: [paid] });
    await send(paidRequest());
    await send(paidRequest());
    await send(paidRequest({ touser: 'oStranger' }));
    await emulator.control.faults([{ path: SUBSCRIBE_SEND, httpStatus: 502, times: 1 }]);
    await wx.post(`${SUBSCRIBE_SEND}?access_token=${token}`, paidRequest()).catch(() => undefined);
    const stats = await emulator.control.stats();
    expect(stats.subscribeSends).toEqual({
      ok: 1,
      failed: { '43101': 1, '40003': 1, http_502: 1 },
    });
    expect(stats.sends).toEqual({ ok: 0, failed: {} });
    expect(stats.requests[SUBSCRIBE_SEND]).toBe(4);
  });
});

describe('GET /__emulator/inbox with subscribe messages', () => {
  it('lists every kind over HTTP; the typed client lists template messages unless asked', async () => {
    const { emulator, wx } = await startTestEmulator();
    try {
      const { paid } = await subscribeSetup(emulator, USER);
      await emulator.control.grantSubscription({
        appId: APP.appId,
        openid: USER,
        templateId: paid,
      });
      const token = await wx.token();
      const template = await emulator.control.addTemplate({
        appId: APP.appId,
        id: 'AT0002',
        keywordIds: [3],
      });
      const [formId] = await emulator.control.formIds({ appId: APP.appId, openid: USER });
      await wx.call('/cgi-bin/message/wxopen/template/send', token, {
        touser: USER,
        template_id: template,
        form_id: formId,
        data: { keyword1: { value: 'TIT造舰厂' } },
      });
      await sendPaid(wx, token, USER, paid);
      const all = await wx.get(`/__emulator/inbox?appid=${APP.appId}&openid=${USER}`);
      expect((all.body.messages as { kind: string }[]).map((m) => m.kind)).toEqual([
        'template',
        'subscribe',
      ]);
      const only = async (kind?: 'template' | 'subscribe' | 'all') =>
        (
          (await emulator.control.inbox({
            appId: APP.appId,
            openid: USER,
            ...(kind ? { kind } : {}),
          } as never)) as { kind: string }[]
        ).map((m) => m.kind);
      expect(await only()).toEqual(['template']);
      expect(await only('subscribe')).toEqual(['subscribe']);
      expect(await only('all')).toEqual(['template', 'subscribe']);
      expect((await wx.get('/__emulator/inbox?kind=other')).status).toBe(400);
    } finally {
      await emulator.close();
    }
  });
});
