import {
  SUBSCRIBE_ERRCODE_RULES as RULES,
  type SubscribeErrCodeName,
  type SubscribeErrCodeRule,
  WxtplError,
} from '../shared.js';

/** Why a subscribe request failed: an errCode's name, or one of the failures without one. */
export type SubscribeFailure =
  | SubscribeErrCodeName
  /** Called outside a tap (or after an `await` in it): WeChat refuses, without an errCode. */
  | 'TAP_GESTURE'
  /** This base library has no `wx.requestSubscribeMessage` (below 2.4.4) or `wx.getSetting`. */
  | 'UNSUPPORTED'
  /** An errCode (or errMsg) the table does not know. */
  | 'UNKNOWN';

/** The failures WeChat gives no errCode for. */
const OWN: Record<string, SubscribeErrCodeRule> = {
  TAP_GESTURE: { errCode: 0, zh: '只能在用户点击中调用', en: 'Only inside a user tap' },
  UNSUPPORTED: { errCode: 0, zh: '微信版本过低', en: 'WeChat too old' },
  UNKNOWN: { errCode: 0, zh: '订阅失败', en: 'Subscribe failed' },
};

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
  readonly hint?: { readonly zh: string; readonly en: string };

  /** From WeChat's errCode, or the name of a failure without one; `errMsg` as WeChat said it. */
  constructor(failure: number | 'TAP_GESTURE' | 'UNSUPPORTED' | 'UNKNOWN', errMsg = '') {
    let reason = failure as SubscribeFailure;
    let rule = OWN[reason] as SubscribeErrCodeRule;
    for (const name in RULES) {
      if (RULES[name as SubscribeErrCodeName].errCode === failure) {
        reason = name as SubscribeFailure;
        rule = RULES[name as SubscribeErrCodeName];
      }
    }
    if (!rule) {
      reason = 'UNKNOWN';
      rule = {
        errCode: failure as number,
        zh: `未知错误 ${failure}`,
        en: `Unknown errCode ${failure}`,
      };
    }
    super(`SUBSCRIBE_${reason}`, errMsg ? `${rule.en} (${errMsg})` : rule.en);
    this.reason = reason;
    this.errCode = rule.errCode || null;
    this.zh = rule.zh;
    this.en = rule.en;
    if (rule.hint) this.hint = rule.hint;
  }
}
