import { Errcode } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import { APP, AT0014_DATA, OTHER_APP, SEND, useTemplateApp } from './helpers.js';

const USER = 'oSendUser000000000000000001';
const OTHER_USER = 'oSendUser000000000000000002';
const DATA = AT0014_DATA;

describe('POST /cgi-bin/message/wxopen/template/send', () => {
  const app = useTemplateApp('AT0014', [1, 2, 3]);

  const formId = async (openid = USER, appid = APP.appId) =>
    (await app.emulator.control.formIds({ appId: appid, openid }))[0] as string;
  const send = (body: Record<string, unknown>, accessToken = app.token) =>
    app.wx.call(SEND, accessToken, body);
  const request = (form_id: string, extra: Record<string, unknown> = {}) => ({
    touser: USER,
    template_id: app.templateId,
    form_id,
    data: DATA,
    ...extra,
  });

  it('delivers the rendered message to the inbox and spends the formId', async () => {
    const id = await formId();
    expect(
      await send(request(id, { page: 'pages/index/index?from=test', color: '#ff0000' })),
    ).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    const inbox = await app.emulator.control.inbox({ appId: APP.appId, openid: USER });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      title: '酒店预订成功通知',
      page: 'pages/index/index?from=test',
      emphasis_keyword: null,
      keywords: [
        { name: '订单号', value: '339208499', color: '#ff0000' },
        { name: '入住时间', value: '2015年01月05日 12:30', color: '#ff0000' },
        { name: '酒店名称', value: '粤海喜来登酒店', color: '#ff0000' },
      ],
    });
    expect(await send(request(id))).toMatchObject({ errcode: Errcode.FORM_ID_USED });
    expect((await app.emulator.control.stats()).sends).toEqual({ ok: 1, failed: { '41029': 1 } });
  });

  it('renders missing keywords empty and in black; newest message last', async () => {
    await send(request(await formId(), { data: { keyword2: { value: 'x' } } }));
    await send(request(await formId(), { data: { keyword1: { value: 'second' } } }));
    const inbox = await app.emulator.control.inbox({ appId: APP.appId, openid: USER });
    expect(inbox.map((m) => m.keywords[0]?.value)).toEqual(['', 'second']);
    expect(inbox[0]?.keywords[0]).toEqual({ name: '订单号', value: '', color: '#000000' });
  });

  it('a prepay_id pays for 3 sends, then 41029', async () => {
    const prepayId = await app.emulator.control.prepay({ appId: APP.appId, openid: USER });
    expect(prepayId).toMatch(/^wx\d{14}[0-9a-f]{20}$/);
    for (let i = 0; i < 3; i++) expect((await send(request(prepayId))).errcode).toBe(0);
    expect((await send(request(prepayId))).errcode).toBe(Errcode.FORM_ID_USED);
  });

  it('41028 for unknown, expired, other users and other apps formIds', async () => {
    await formId(); // USER is now known to the app
    expect((await send(request('0123456789abcdef0123456789abcdef'))).errcode).toBe(
      Errcode.INVALID_FORM_ID,
    );
    expect((await send(request(await formId(OTHER_USER)))).errcode).toBe(Errcode.INVALID_FORM_ID);
    await app.emulator.control.formIds({ appId: OTHER_APP.appId, openid: USER });
    expect((await send(request(await formId(USER, OTHER_APP.appId)))).errcode).toBe(
      Errcode.INVALID_FORM_ID,
    );
    const ageing = await formId();
    await app.emulator.control.advanceClock(7 * 86400 - 10);
    const fresh = await app.wx.token();
    expect((await send(request(await formId()), fresh)).errcode).toBe(0);
    await app.emulator.control.advanceClock(10);
    expect((await send(request(ageing), fresh)).errcode).toBe(Errcode.INVALID_FORM_ID);
    expect((await send({ ...request(ageing), form_id: undefined }, fresh)).errcode).toBe(
      Errcode.INVALID_FORM_ID,
    );
  });

  it('a refused send does not spend the formId', async () => {
    const id = await formId();
    expect((await send(request(id, { template_id: 'nope' }))).errcode).toBe(
      Errcode.INVALID_TEMPLATE_ID,
    );
    expect((await send(request(id))).errcode).toBe(0);
  });

  it('40003 for a missing or unknown touser', async () => {
    const id = await formId();
    expect((await send(request(id, { touser: 'oNobodyKnowsMe' }))).errcode).toBe(
      Errcode.INVALID_OPENID,
    );
    expect((await send(request(id, { touser: '' }))).errcode).toBe(Errcode.INVALID_OPENID);
  });

  it('40037 for a missing template_id, or one of another app', async () => {
    const id = await formId();
    expect((await send(request(id, { template_id: undefined }))).errcode).toBe(
      Errcode.INVALID_TEMPLATE_ID,
    );
    const foreign = await app.emulator.control.addTemplate({
      appId: OTHER_APP.appId,
      id: 'AT0002',
      keywordIds: [3, 4, 5],
    });
    expect((await send(request(id, { template_id: foreign }))).errcode).toBe(
      Errcode.INVALID_TEMPLATE_ID,
    );
  });

  it('41030 when the app declares pages and the page (without query) is not one', async () => {
    const otherToken = await app.wx.token(OTHER_APP);
    const tpl = await app.emulator.control.addTemplate({
      appId: OTHER_APP.appId,
      id: 'AT0002',
      keywordIds: [3, 4, 5],
    });
    const ids = await app.emulator.control.formIds({
      appId: OTHER_APP.appId,
      openid: USER,
      count: 3,
    });
    const base = { touser: USER, template_id: tpl, data: DATA };
    expect(
      (await send({ ...base, form_id: ids[0], page: 'pages/missing/index' }, otherToken)).errcode,
    ).toBe(Errcode.INVALID_PAGE);
    expect(
      (await send({ ...base, form_id: ids[0], page: 'pages/order/detail?id=7' }, otherToken))
        .errcode,
    ).toBe(0);
    expect((await send({ ...base, form_id: ids[1], page: 42 }, otherToken)).errcode).toBe(
      Errcode.INVALID_PAGE,
    );
    // No page: no jump, always allowed.
    expect((await send({ ...base, form_id: ids[2] }, otherToken)).errcode).toBe(0);
  });

  it('any page is fine for an app that declares none', async () => {
    expect((await send(request(await formId(), { page: 'anything/at/all' }))).errcode).toBe(0);
  });

  it('45009 once the daily limit is reached; the next virtual day resets it', async () => {
    await app.emulator.control.setDailyLimit({ appId: APP.appId, dailySendLimit: 2 });
    expect((await send(request(await formId()))).errcode).toBe(0);
    expect((await send(request(await formId()))).errcode).toBe(0);
    const spare = await formId();
    expect(await send(request(spare))).toEqual({
      errcode: Errcode.API_DAILY_LIMIT,
      errmsg: 'reach max api daily quota limit',
    });
    await app.emulator.control.advanceClock(86400);
    expect((await send(request(spare), await app.wx.token())).errcode).toBe(0);
  });

  it('47001 for data that is not {keywordN: {value}}', async () => {
    const id = await formId();
    expect((await send(request(id, { data: 'text' }))).errcode).toBe(Errcode.DATA_FORMAT_ERROR);
    expect((await send(request(id, { data: { keyword1: 'flat' } }))).errcode).toBe(
      Errcode.DATA_FORMAT_ERROR,
    );
    expect((await send(request(id))).errcode).toBe(0);
  });

  it('token errors come before anything else', async () => {
    await app.emulator.control.invalidateTokens({ appId: APP.appId });
    expect((await send(request(await formId()))).errcode).toBe(Errcode.INVALID_CREDENTIAL);
    expect((await app.emulator.control.stats()).sends.failed).toEqual({ '40001': 1 });
  });
});
