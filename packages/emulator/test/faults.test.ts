import { Errcode } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import { EmulatorControlError } from '../src/index.js';
import { APP, SEND, useTemplateApp } from './helpers.js';

const USER = 'oFaultUser00000000000000001';
const TOKEN_PATH = '/cgi-bin/token';

describe('POST /__emulator/faults', () => {
  const app = useTemplateApp('AT0002', [3, 4, 5]);

  const sendOnce = async (init: RequestInit = {}) => {
    const [formId] = await app.emulator.control.formIds({ appId: APP.appId, openid: USER });
    const body = JSON.stringify({
      touser: USER,
      template_id: app.templateId,
      form_id: formId,
      data: {},
    });
    const response = await fetch(`${app.emulator.url}${SEND}?access_token=${app.token}`, {
      method: 'POST',
      body,
      ...init,
    });
    return { formId: formId as string, response };
  };
  /** Sends again with `formId` through the WeChat caller: what WeChat says of it now. */
  const sendAgain = (formId: string) =>
    app.wx.call(SEND, app.token, { touser: USER, template_id: app.templateId, form_id: formId });
  const inboxSize = async () =>
    (await app.emulator.control.inbox({ appId: APP.appId, openid: USER })).length;

  it('errcode answers {errcode, errmsg} without processing', async () => {
    await app.emulator.control.faults([{ path: SEND, errcode: -1 }]);
    const { formId, response } = await sendOnce();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      errcode: -1,
      errmsg: expect.stringContaining('system error'),
    });
    expect(await inboxSize()).toBe(0);
    await app.emulator.control.faults([]);
    expect(await sendAgain(formId)).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await app.emulator.control.stats()).sends).toEqual({ ok: 1, failed: { '-1': 1 } });
  });

  it('httpStatus answers that status with a non-JSON body, without processing', async () => {
    await app.emulator.control.faults([{ path: SEND, httpStatus: 502 }]);
    const { response } = await sendOnce();
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('502');
    expect(await inboxSize()).toBe(0);
    expect((await app.emulator.control.stats()).sends.failed).toEqual({ http_502: 1 });
  });

  it('reset destroys the connection before processing', async () => {
    await app.emulator.control.faults([{ path: SEND, reset: true }]);
    await expect(sendOnce()).rejects.toThrow();
    expect(await inboxSize()).toBe(0);
  });

  it('reset afterProcessing: the client sees a reset, yet the message was delivered and the formId spent', async () => {
    await app.emulator.control.faults([{ path: SEND, reset: true, afterProcessing: true }]);
    let formId = '';
    await expect(
      (async () => {
        const [id] = await app.emulator.control.formIds({ appId: APP.appId, openid: USER });
        formId = id as string;
        await fetch(`${app.emulator.url}${SEND}?access_token=${app.token}`, {
          method: 'POST',
          body: JSON.stringify({ touser: USER, template_id: app.templateId, form_id: formId }),
        });
      })(),
    ).rejects.toThrow();
    expect(await inboxSize()).toBe(1);
    await app.emulator.control.faults([]);
    expect((await sendAgain(formId)).errcode).toBe(Errcode.FORM_ID_USED);
  });

  it('delayMs afterProcessing: a client timing out still caused a delivery', async () => {
    await app.emulator.control.faults([{ path: SEND, delayMs: 5000, afterProcessing: true }]);
    await expect(sendOnce({ signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(await inboxSize()).toBe(1);
  });

  it('delayMs before processing still answers normally', async () => {
    await app.emulator.control.faults([{ path: SEND, delayMs: 20 }]);
    const { response } = await sendOnce();
    expect(await response.json()).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it('times bounds the applications; rate 0 never applies', async () => {
    await app.emulator.control.faults([
      { path: TOKEN_PATH, errcode: 45011, times: 2 },
      { path: SEND, errcode: -1, rate: 0 },
    ]);
    const url = `${TOKEN_PATH}?grant_type=client_credential&appid=${APP.appId}&secret=${APP.appSecret}`;
    expect((await app.wx.get(url)).body.errcode).toBe(45011);
    expect((await app.wx.get(url)).body.errcode).toBe(45011);
    expect((await app.wx.get(url)).body.access_token).toEqual(expect.any(String));
    expect(await (await sendOnce()).response.json()).toEqual({ errcode: 0, errmsg: 'ok' });
  });

  it('the first matching rule wins; "*" matches every WeChat path but never the control plane', async () => {
    await app.emulator.control.faults([
      { path: SEND, errcode: 41028 },
      { path: '*', errcode: -1 },
    ]);
    expect(await (await sendOnce()).response.json()).toMatchObject({ errcode: 41028 });
    expect(
      (await app.wx.call('/cgi-bin/wxopen/template/list', app.token, { offset: 0, count: 1 }))
        .errcode,
    ).toBe(-1);
    expect(await app.emulator.control.stats()).toBeDefined();
    await app.emulator.control.faults([]);
    expect(
      (await app.wx.call('/cgi-bin/wxopen/template/list', app.token, { offset: 0, count: 1 }))
        .errcode,
    ).toBe(0);
  });

  it('posting rules replaces the current ones and reset clears them', async () => {
    await app.emulator.control.faults([{ path: SEND, errcode: -1 }]);
    await app.emulator.control.faults([{ path: TOKEN_PATH, errcode: -1 }]);
    expect(await (await sendOnce()).response.json()).toEqual({ errcode: 0, errmsg: 'ok' });
    await app.emulator.control.reset();
    expect(await app.wx.token()).toEqual(expect.any(String));
  });

  it.each([
    [{ rules: 'x' }],
    [{ rules: [{ errcode: 1 }] }],
    [{ rules: [{ path: SEND }] }],
    [{ rules: [{ path: SEND, errcode: 1, httpStatus: 500 }] }],
    [{ rules: [{ path: SEND, rate: 2, errcode: 1 }] }],
    [{ rules: [{ path: SEND, errcode: -1, afterProcessing: true }] }],
  ])('refuses malformed rules %j with 400', async (payload) => {
    const response = await fetch(`${app.emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it('the typed client raises EmulatorControlError on refusals', async () => {
    await expect(app.emulator.control.faults([{ path: '' }])).rejects.toBeInstanceOf(
      EmulatorControlError,
    );
  });
});
