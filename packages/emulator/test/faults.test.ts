import { Errcode } from '@wxtpl/shared-types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorControlError, type RunningEmulator } from '../src/index.js';
import { APP, SEND, startTestEmulator, type WxCaller } from './helpers.js';

const USER = 'oFaultUser00000000000000001';
const TOKEN_PATH = '/cgi-bin/token';

describe('POST /__emulator/faults', () => {
  let emulator: RunningEmulator;
  let wx: WxCaller;
  let token: string;
  let templateId: string;

  beforeAll(async () => ({ emulator, wx } = await startTestEmulator()));
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await emulator.control.reset();
    token = await wx.token();
    templateId = await emulator.control.addTemplate({
      appId: APP.appId,
      id: 'AT0002',
      keywordIds: [3, 4, 5],
    });
  });

  const sendOnce = async (init: RequestInit = {}) => {
    const [formId] = await emulator.control.formIds({ appId: APP.appId, openid: USER });
    const body = JSON.stringify({
      touser: USER,
      template_id: templateId,
      form_id: formId,
      data: {},
    });
    const response = await fetch(`${emulator.url}${SEND}?access_token=${token}`, {
      method: 'POST',
      body,
      ...init,
    });
    return { formId: formId as string, response };
  };
  const inboxSize = async () =>
    (await emulator.control.inbox({ appId: APP.appId, openid: USER })).length;

  it('errcode answers {errcode, errmsg} without processing', async () => {
    await emulator.control.faults([{ path: SEND, errcode: -1 }]);
    const { formId, response } = await sendOnce();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      errcode: -1,
      errmsg: expect.stringContaining('system error'),
    });
    expect(await inboxSize()).toBe(0);
    await emulator.control.faults([]);
    expect(
      await wx.call(SEND, token, { touser: USER, template_id: templateId, form_id: formId }),
    ).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    expect((await emulator.control.stats()).sends).toEqual({ ok: 1, failed: { '-1': 1 } });
  });

  it('httpStatus answers that status with a non-JSON body, without processing', async () => {
    await emulator.control.faults([{ path: SEND, httpStatus: 502 }]);
    const { response } = await sendOnce();
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('502');
    expect(await inboxSize()).toBe(0);
    expect((await emulator.control.stats()).sends.failed).toEqual({ http_502: 1 });
  });

  it('reset destroys the connection before processing', async () => {
    await emulator.control.faults([{ path: SEND, reset: true }]);
    await expect(sendOnce()).rejects.toThrow();
    expect(await inboxSize()).toBe(0);
  });

  it('reset afterProcessing: the client sees a reset, yet the message was delivered and the formId spent', async () => {
    await emulator.control.faults([{ path: SEND, reset: true, afterProcessing: true }]);
    let formId = '';
    await expect(
      (async () => {
        const [id] = await emulator.control.formIds({ appId: APP.appId, openid: USER });
        formId = id as string;
        await fetch(`${emulator.url}${SEND}?access_token=${token}`, {
          method: 'POST',
          body: JSON.stringify({ touser: USER, template_id: templateId, form_id: formId }),
        });
      })(),
    ).rejects.toThrow();
    expect(await inboxSize()).toBe(1);
    await emulator.control.faults([]);
    expect(
      (await wx.call(SEND, token, { touser: USER, template_id: templateId, form_id: formId }))
        .errcode,
    ).toBe(Errcode.FORM_ID_USED);
  });

  it('delayMs afterProcessing: a client timing out still caused a delivery', async () => {
    await emulator.control.faults([{ path: SEND, delayMs: 5000, afterProcessing: true }]);
    await expect(sendOnce({ signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(await inboxSize()).toBe(1);
  });

  it('delayMs before processing still answers normally', async () => {
    await emulator.control.faults([{ path: SEND, delayMs: 20 }]);
    const { response } = await sendOnce();
    expect(await response.json()).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it('times bounds the applications; rate 0 never applies', async () => {
    await emulator.control.faults([
      { path: TOKEN_PATH, errcode: 45011, times: 2 },
      { path: SEND, errcode: -1, rate: 0 },
    ]);
    const url = `${TOKEN_PATH}?grant_type=client_credential&appid=${APP.appId}&secret=${APP.appSecret}`;
    expect((await wx.get(url)).body.errcode).toBe(45011);
    expect((await wx.get(url)).body.errcode).toBe(45011);
    expect((await wx.get(url)).body.access_token).toEqual(expect.any(String));
    expect(await (await sendOnce()).response.json()).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it('the first matching rule wins; "*" matches every WeChat path but never the control plane', async () => {
    await emulator.control.faults([
      { path: SEND, errcode: 41028 },
      { path: '*', errcode: -1 },
    ]);
    expect(await (await sendOnce()).response.json()).toMatchObject({ errcode: 41028 });
    expect(
      (await wx.call('/cgi-bin/wxopen/template/list', token, { offset: 0, count: 1 })).errcode,
    ).toBe(-1);
    expect(await emulator.control.stats()).toBeDefined();
    await emulator.control.faults([]);
    expect(
      (await wx.call('/cgi-bin/wxopen/template/list', token, { offset: 0, count: 1 })).errcode,
    ).toBe(0);
  });

  it('posting rules replaces the current ones and reset clears them', async () => {
    await emulator.control.faults([{ path: SEND, errcode: -1 }]);
    await emulator.control.faults([{ path: TOKEN_PATH, errcode: -1 }]);
    expect(await (await sendOnce()).response.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    await emulator.control.reset();
    expect(await wx.token()).toEqual(expect.any(String));
  });

  it.each([
    [{ rules: 'x' }],
    [{ rules: [{ errcode: 1 }] }],
    [{ rules: [{ path: SEND }] }],
    [{ rules: [{ path: SEND, errcode: 1, httpStatus: 500 }] }],
    [{ rules: [{ path: SEND, rate: 2, errcode: 1 }] }],
    [{ rules: [{ path: SEND, errcode: -1, afterProcessing: true }] }],
  ])('refuses malformed rules %j with 400', async (payload) => {
    const response = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it('the typed client raises EmulatorControlError on refusals', async () => {
    await expect(emulator.control.faults([{ path: '' }])).rejects.toBeInstanceOf(
      EmulatorControlError,
    );
  });
});
