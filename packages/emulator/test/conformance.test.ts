import { Errcode } from '@wxtpl/shared-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, SEND, startTestEmulator, type WxCaller } from './helpers.js';

// The reference document's own example requests, sent as they are written, and the shapes of
// its example responses.
describe('reference document examples', () => {
  let wx: WxCaller;
  let close: () => Promise<void>;
  let token: string;

  beforeAll(async () => {
    const started = await startTestEmulator();
    wx = started.wx;
    close = started.emulator.close;
    token = await wx.token();
  });
  afterAll(() => close());

  it('GET /cgi-bin/token answers {access_token, expires_in: 7200}', async () => {
    const { status, body } = await wx.get(
      `/cgi-bin/token?grant_type=client_credential&appid=${APP.appId}&secret=${APP.appSecret}`,
    );
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in']);
    expect(body.expires_in).toBe(7200);
    expect((body.access_token as string).length).toBeGreaterThanOrEqual(100);
    expect((body.access_token as string).length).toBeLessThanOrEqual(512);
  });

  it('the invalid-appid example: {"errcode":40013,"errmsg":"invalid appid"}', async () => {
    const { body } = await wx.get(
      '/cgi-bin/token?grant_type=client_credential&appid=APPID&secret=APPSECRET',
    );
    expect(body).toEqual({ errcode: 40013, errmsg: 'invalid appid' });
  });

  it('library/list {"offset":0,"count":5}', async () => {
    const body = await wx.call('/cgi-bin/wxopen/template/library/list', token, {
      offset: 0,
      count: 5,
    });
    expect(body.errcode).toBe(0);
    expect(body.errmsg).toBe('ok');
    expect(body.list).toEqual([
      { id: 'AT0001', title: expect.any(String) },
      { id: 'AT0002', title: '购买成功通知' },
      { id: 'AT0003', title: '购买失败通知' },
      { id: 'AT0004', title: '交易提醒' },
      { id: 'AT0005', title: '付款成功通知' },
    ]);
    expect(body.total_count).toBeGreaterThanOrEqual(60);
  });

  it('library/get {"id":"AT0002"} holds keywords 3, 4 and 5 of the example', async () => {
    const body = await wx.call('/cgi-bin/wxopen/template/library/get', token, { id: 'AT0002' });
    expect(body).toMatchObject({ errcode: 0, errmsg: 'ok', id: 'AT0002', title: '购买成功通知' });
    expect(body.keyword_list).toEqual(
      expect.arrayContaining([
        { keyword_id: 3, name: '购买地点', example: 'TIT造舰厂' },
        { keyword_id: 4, name: '购买时间', example: '2016年6月6日' },
        { keyword_id: 5, name: '物品名称', example: '咖啡' },
      ]),
    );
  });

  it('add {"id":"AT0002","keyword_id_list":[3,4,5]}, list, then del, as in the examples', async () => {
    const added = await wx.call('/cgi-bin/wxopen/template/add', token, {
      id: 'AT0002',
      keyword_id_list: [3, 4, 5],
    });
    expect(Object.keys(added).sort()).toEqual(['errcode', 'errmsg', 'template_id']);
    expect(added.template_id).toMatch(/^[\w-]{43}$/);

    const listed = await wx.call('/cgi-bin/wxopen/template/list', token, { offset: 0, count: 1 });
    expect(listed).toEqual({
      errcode: 0,
      errmsg: 'ok',
      list: [
        {
          template_id: added.template_id,
          title: '购买成功通知',
          content:
            '购买地点{{keyword1.DATA}}\n购买时间{{keyword2.DATA}}\n物品名称{{keyword3.DATA}}\n',
          example: '购买地点:TIT造舰厂\n购买时间:2016年6月6日\n物品名称:咖啡\n',
        },
      ],
    });

    const deleted = await wx.call('/cgi-bin/wxopen/template/del', token, {
      template_id: added.template_id,
    });
    expect(deleted).toEqual({ errcode: 0, errmsg: 'ok' });
    const after = await wx.call('/cgi-bin/wxopen/template/list', token, { offset: 0, count: 20 });
    expect(after.list).toEqual([]);
  });

  it('send: the example request, with its placeholders filled, answers {errcode:0, errmsg:"ok"}', async () => {
    const { control } = wx.emulator;
    const openid = 'oConformanceUser00000000001';
    const [formId] = await control.formIds({ appId: APP.appId, openid });
    const added = await wx.call('/cgi-bin/wxopen/template/add', token, {
      id: 'AT0014',
      keyword_id_list: [1, 2, 3, 4],
    });
    const example = {
      touser: 'OPENID',
      template_id: 'TEMPLATE_ID',
      page: 'index',
      form_id: 'FORMID',
      data: {
        keyword1: { value: '339208499', color: '#173177' },
        keyword2: { value: '2015年01月05日 12:30', color: '#173177' },
        keyword3: { value: '粤海喜来登酒店', color: '#173177' },
        keyword4: { value: '广州市天河区天河路208号', color: '#173177' },
      },
      emphasis_keyword: 'keyword1.DATA',
    };
    const request = {
      ...example,
      touser: openid,
      template_id: added.template_id,
      form_id: formId,
    };
    expect(await wx.call(SEND, token, request)).toEqual({ errcode: 0, errmsg: 'ok' });

    const [message] = await control.inbox({ appId: APP.appId, openid });
    expect(message).toMatchObject({
      touser: openid,
      template_id: added.template_id,
      title: '酒店预订成功通知',
      page: 'index',
      form_id: formId,
      data: example.data,
      emphasis_keyword: 'keyword1.DATA',
      keywords: [
        { name: '订单号', value: '339208499', color: '#173177' },
        { name: '入住时间', value: '2015年01月05日 12:30', color: '#173177' },
        { name: '酒店名称', value: '粤海喜来登酒店', color: '#173177' },
        { name: '酒店地址', value: '广州市天河区天河路208号', color: '#173177' },
      ],
    });
    expect(typeof message?.receivedAt).toBe('number');
  });

  it('the example placeholders themselves are refused with WeChat codes', async () => {
    const body = await wx.call(SEND, token, {
      touser: 'OPENID',
      template_id: 'TEMPLATE_ID',
      form_id: 'FORMID',
      data: {},
    });
    expect(body.errcode).toBe(Errcode.INVALID_OPENID);
  });
});
