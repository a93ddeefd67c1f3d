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

type Texts = Pick<SubscribeErrCodeRule, 'zh' | 'en'>;

/** The failures WeChat gives no errCode for (WeChat's own are in `SUBSCRIBE_ERRCODE_RULES`). */
const OWN: Record<string, Texts> = {
  TAP_GESTURE: { zh: '只能在用户点击中调用', en: 'Only inside a user tap' },
  UNSUPPORTED: { zh: '微信版本过低', en: 'WeChat too old' },
  UNKNOWN: { zh: '订阅失败', en: 'Subscribe failed' },
};

/**
 * A refused or failed subscribe request. `code` is `SUBSCRIBE_` + {@link SubscribeFailure};
 * `zh` and `en` explain it, `hint` (20004 main switch off) tells the user what to do.
 */
export class SubscribeError extends WxtplError {
  override name = 'SubscribeError';
  // Declared, not initialised: the constructor copies them from the table row in one go.
  declare readonly reason: SubscribeFailure;
  /** WeChat's errCode (the one WeChat would give, for requests refused before calling it). */
  declare readonly errCode: number | null;
  declare readonly zh: string;
  declare readonly en: string;
  declare readonly hint?: { readonly zh: string; readonly en: string };

  /** From WeChat's errCode, or the name of a failure without one; `errMsg` as WeChat said it. */
  constructor(failure: number | 'TAP_GESTURE' | 'UNSUPPORTED' | 'UNKNOWN', errMsg = '') {
    let reason = failure as SubscribeFailure;
    let rule: Texts | undefined = OWN[reason];
    for (const name in RULES) {
      const row = RULES[name as SubscribeErrCodeName];
      if (row.errCode === failure) {
        reason = name as SubscribeErrCodeName;
        rule = row;
      }
    }
    if (!rule) {
      // An errCode newer than the table: the general texts; `errCode` and `message` keep WeChat's.
      reason = 'UNKNOWN';
      rule = OWN.UNKNOWN as Texts;
    }
    super(`SUBSCRIBE_${reason}`, errMsg ? `${rule.en} (${errMsg})` : rule.en);
    // The row's zh, en and hint; its errCode, or the unknown one, or null for our own failures.
    Object.assign(this, rule, { reason, errCode: typeof failure === 'number' ? failure : null });
  }
}
