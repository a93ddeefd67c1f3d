import { WeChatPath } from '@wxtpl/shared-types';
import { beforeEach } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { APP, useResetEmulator, type WxBody, type WxCaller } from './helpers.js';

export const SUBSCRIBE_SEND = WeChatPath.subscribeSend;

/** Title 99 订单支付成功通知 (one-time): thing1, amount2, time3, character_string4, number5, phrase6. */
export const PAID_TID = 99;
/** Title 4001 业务办理进度通知 (long-term): thing1, enum2, character_string3, time4, name5. */
export const PROGRESS_TID = 4001;

/** Valid data for a template of title 99 with kids [1, 2, 3]. */
export const PAID_DATA = {
  thing1: { value: '拿铁咖啡（大杯）' },
  amount2: { value: '¥36.00元' },
  time3: { value: '2019年10月1日 15:01' },
};

/** Valid data for a template of title 4001 with kids [1, 2, 5]. */
export const PROGRESS_DATA = {
  thing1: { value: '居住证办理' },
  enum2: { value: '审核中' },
  name5: { value: '李雷' },
};

/** A subscribe-capable app: one one-time and one long-term template, and a known user. */
export async function subscribeSetup(emulator: RunningEmulator, openid: string, appId = APP.appId) {
  const { control } = emulator;
  const paid = await control.addSubscribeTemplate({ appId, tid: PAID_TID, kidList: [1, 2, 3] });
  const progress = await control.addSubscribeTemplate({
    appId,
    tid: PROGRESS_TID,
    kidList: [1, 2, 5],
  });
  await control.login({ appId, openid });
  return { paid, progress };
}

/**
 * One emulator for the describe block, reset before each test to {@link subscribeSetup}'s app
 * with `openid` as its known user; `ready` gets the emulator and the templates' ids each time.
 */
export function useSubscribeApp(
  openid: string,
  ready: (app: { emulator: RunningEmulator; paid: string; progress: string }) => void,
): void {
  let emulator: RunningEmulator;
  useResetEmulator((started) => ({ emulator } = started));
  beforeEach(async () => ready({ emulator, ...(await subscribeSetup(emulator, openid)) }));
}

/** Sends {@link PAID_DATA} to `touser` with `templateId` (of title 99): WeChat's answer. */
export function sendPaid(
  wx: WxCaller,
  token: string,
  touser: string,
  templateId: string,
): Promise<WxBody> {
  return wx.call(SUBSCRIBE_SEND, token, { touser, template_id: templateId, data: PAID_DATA });
}

/** `GET path?access_token=…&extra`. */
export async function getWith(
  wx: WxCaller,
  path: string,
  token: string,
  params = '',
): Promise<WxBody> {
  return (await wx.get(`${path}?access_token=${encodeURIComponent(token)}${params}`)).body;
}
