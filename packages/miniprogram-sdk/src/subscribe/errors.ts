import { describeSubscribeErrCode, type SubscribeErrCodeName, WxtplError } from '../shared.js';

/** Why a subscribe request failed: an errCode's name, or one of the failures without one. */
export type SubscribeFailure =
  | SubscribeErrCodeName
  /** Called outside a tap (or after an `await` in it): WeChat refuses, without an errCode. */
  | 'TAP_GESTURE'
  /** This base library has no `wx.requestSubscribeMessage` (below 2.4.4) or `wx.getSetting`. */
  | 'UNSUPPORTED'
  /** An errCode (or errMsg) the table does not know. */
  | 'UNKNOWN';

const OWN = {
  TAP_GESTURE: [
    '只能在用户点击（bindtap 或点击提交的表单）中同步调用',
    'Only inside a user tap (bindtap, or a form submitted by a tap), called synchronously',
  ],
  UNSUPPORTED: [
    '当前微信版本不支持订阅消息，请升级微信',
    'This WeChat does not support subscribe messages: update WeChat',
  ],
  UNKNOWN: ['订阅请求失败', 'The subscribe request failed'],
} as const;

/**
 * A refused or failed subscribe request. `code` is `SUBSCRIBE_` + {@link SubscribeFailure};
 * `zh` and `en` explain it, `hint` (20004 main switch off) tells the user what to do.
 */
export class SubscribeError extends WxtplError {
  override name = 'SubscribeError';
  readonly reason: SubscribeFailure;
  /** WeChat's errCode (the one WeChat would give, for requests refused before calling it). */
  readonly errCode: number | null;
  readonly zh: string;
  readonly en: string;
  readonly hint?: { zh: string; en: string };

  constructor(reason: keyof typeof OWN | number, errMsg = '') {
    const info = typeof reason === 'number' ? describeSubscribeErrCode(reason) : null;
    const name = info ? info.name : reason;
    const [zh, en] = info ? [info.zh, info.en] : OWN[name as keyof typeof OWN];
    super(`SUBSCRIBE_${name}`, errMsg ? `${en} (${errMsg})` : en);
    this.reason = name as SubscribeFailure;
    this.errCode = info ? info.errCode : null;
    this.zh = zh;
    this.en = en;
    if (info && info.hint) this.hint = info.hint;
  }
}
