import {
  SUBSCRIBE_ERRCODE_RULES,
  SUBSCRIBE_TAP_GESTURE_ERRMSG,
  type SubscribeResult,
  type SubscriptionsSetting,
} from '@wxtpl/shared-types';
import type { PopupDecisionInput } from '../client/control-client.js';
import { callControl } from './control-plane.js';
import type {
  WxGetSettingOption,
  WxGetSettingResult,
  WxRequestSubscribeMessageOption,
  WxRequestSubscribeMessageResult,
  WxSubscribeFailResult,
} from './types.js';

/** How the simulated user answers the subscribe popup. */
export interface PopupAnswer {
  /** `accept` (default), `reject`, or one of them per template id. */
  decision?: PopupDecisionInput;
  /** Tick "总是保持以上选择，不再询问". */
  keep?: boolean;
}

/** What the subscribe APIs need from the runtime. */
export interface SubscribeContext {
  emulatorUrl: string;
  appId: string;
  /** The user's openid, logging in first when none is known yet. */
  user(): Promise<string>;
  /** True while the runtime dispatches a tap (or a tap-submit) synchronously. */
  inGesture(): boolean;
  visible(): boolean;
  killed(): boolean;
  popupAnswer(templateIds: unknown): PopupAnswer;
  /** Counts a call that reached the user model. */
  counted(): void;
}

const fail = (name: keyof typeof SUBSCRIBE_ERRCODE_RULES, detail?: string) => {
  const rule = SUBSCRIBE_ERRCODE_RULES[name];
  return {
    errCode: rule.errCode,
    errMsg: `requestSubscribeMessage:fail ${detail ?? rule.en}`,
  };
};

/**
 * `wx.requestSubscribeMessage`, answered by the emulator's user model. As on a phone it works
 * only when called synchronously inside a tap (else `…:fail can only be invoked by user TAP
 * gesture.`), fails with 10005 while the app is in the background, and reports every other
 * refusal with the phone's errCode.
 */
export function requestSubscribeMessage(
  ctx: SubscribeContext,
  option: WxRequestSubscribeMessageOption,
  settle: (
    run: (
      resolve: (result: WxRequestSubscribeMessageResult) => void,
      reject: (result: WxSubscribeFailResult) => void,
    ) => void,
  ) => Promise<WxRequestSubscribeMessageResult>,
): Promise<WxRequestSubscribeMessageResult> {
  const inGesture = ctx.inGesture();
  return settle((resolve, reject) => {
    if (ctx.killed()) return;
    if (!inGesture) {
      queueMicrotask(() => reject({ errMsg: SUBSCRIBE_TAP_GESTURE_ERRMSG }));
      return;
    }
    if (!ctx.visible()) {
      queueMicrotask(() => reject(fail('UI_UNAVAILABLE')));
      return;
    }
    const templateIds = option?.tmplIds;
    const answer = ctx.popupAnswer(templateIds);
    ctx.counted();
    ctx
      .user()
      .then((openid) =>
        callControl(ctx.emulatorUrl, 'POST', '/__emulator/subscribe', {
          appid: ctx.appId,
          openid,
          templateIds,
          ...answer,
        }),
      )
      .then(
        ({ status, data }) => {
          if (ctx.killed()) return;
          const body = data as {
            results?: Record<string, SubscribeResult>;
            errCode?: number;
            errMsg?: string;
          };
          if (status === 200 && body.results) {
            resolve({ ...body.results, errMsg: 'requestSubscribeMessage:ok' });
          } else if (typeof body.errCode === 'number') {
            reject({ errCode: body.errCode, errMsg: body.errMsg ?? '' });
          } else {
            reject(fail('NETWORK_SUBSCRIBE_FAILED', `emulator answered ${status}`));
          }
        },
        (error: Error) => ctx.killed() || reject(fail('NETWORK_LOAD_FAILED', error.message)),
      );
  });
}

/**
 * `wx.getSetting`: `authSetting` (empty: the runtime grants no scopes) and, with
 * `withSubscriptions: true`, `subscriptionsSetting` from the user model.
 */
export function getSetting(
  ctx: SubscribeContext,
  option: WxGetSettingOption,
  settle: (
    run: (
      resolve: (result: WxGetSettingResult) => void,
      reject: (result: { errMsg: string }) => void,
    ) => void,
  ) => Promise<WxGetSettingResult>,
): Promise<WxGetSettingResult> {
  return settle((resolve, reject) => {
    if (ctx.killed()) return;
    if (!option?.withSubscriptions) {
      queueMicrotask(() => resolve({ authSetting: {}, errMsg: 'getSetting:ok' }));
      return;
    }
    ctx
      .user()
      .then((openid) =>
        callControl(
          ctx.emulatorUrl,
          'GET',
          `/__emulator/subscriptions?appid=${encodeURIComponent(ctx.appId)}&openid=${encodeURIComponent(openid)}`,
        ),
      )
      .then(
        ({ status, data }) => {
          if (ctx.killed()) return;
          const setting = (data as { setting?: SubscriptionsSetting }).setting;
          if (status !== 200 || setting === undefined) {
            reject({ errMsg: `getSetting:fail emulator answered ${status}` });
            return;
          }
          resolve({ authSetting: {}, subscriptionsSetting: setting, errMsg: 'getSetting:ok' });
        },
        (error: Error) => ctx.killed() || reject({ errMsg: `getSetting:fail ${error.message}` }),
      );
  });
}
