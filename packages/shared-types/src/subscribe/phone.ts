/**
 * `wx.requestSubscribeMessage` on the phone: its results and its `fail` errCodes. The errCode
 * meanings live here, in one table, like the server errcodes in `errcodes.ts`.
 */

/** What the user's answer (or WeChat) made of one requested template. */
export type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter';

/** `success(res)` of `wx.requestSubscribeMessage`: the errMsg and one result per template id. */
export type RequestSubscribeMessageResult = { errMsg: 'requestSubscribeMessage:ok' } & Record<
  string,
  SubscribeResult | 'requestSubscribeMessage:ok'
>;

/** `subscriptionsSetting` of `wx.getSetting({ withSubscriptions: true })`. */
export interface SubscriptionsSetting {
  /** The user's switch "接收订阅消息" for this mini-program. */
  mainSwitch: boolean;
  /** Only the templates whose choice the user asked to keep. */
  itemSettings?: Record<string, 'accept' | 'reject' | 'ban'>;
}

/** One row of the phone-side errCode table. */
export interface SubscribeErrCodeRule {
  readonly errCode: number;
  readonly zh: string;
  readonly en: string;
  /** What the user can do about it, for the page to show. */
  readonly hint?: { readonly zh: string; readonly en: string };
}

/** `fail(err).errCode` of `wx.requestSubscribeMessage`, keyed by constant name. */
export const SUBSCRIBE_ERRCODE_RULES = {
  // Terse on purpose: this table ships inside every mini-program that uses the SDK.
  TMPL_IDS_EMPTY: { errCode: 10001, zh: '模板 ID 为空', en: 'No template ids' },
  NETWORK_LOAD_FAILED: {
    errCode: 10002,
    zh: '网络错误：加载模板失败',
    en: 'Network error (templates)',
  },
  NETWORK_SUBSCRIBE_FAILED: {
    errCode: 10003,
    zh: '网络错误：订阅失败',
    en: 'Network error (subscribe)',
  },
  INVALID_TMPL_ID: { errCode: 10004, zh: '模板 ID 类型错误', en: 'Invalid template id' },
  UI_UNAVAILABLE: {
    errCode: 10005,
    zh: '小程序在后台，无法弹窗',
    en: 'App in background: no popup',
  },
  TEMPLATES_NOT_FOUND: { errCode: 20001, zh: '模板不存在或类型不符', en: 'Template not found' },
  MIXED_TEMPLATE_KINDS: {
    errCode: 20002,
    zh: '一次性与长期模板混用',
    en: 'One-time and long-term mixed',
  },
  TOO_MANY_TEMPLATES: { errCode: 20003, zh: '模板超过 3 个', en: 'More than 3 templates' },
  MAIN_SWITCH_OFF: {
    errCode: 20004,
    zh: '用户关闭了订阅消息',
    en: 'The user turned subscribe messages off',
    hint: {
      zh: '右上角「···」→「设置」→「订阅消息」，打开「接收订阅消息」',
      en: 'Tap ··· → Settings → Subscription messages, turn on "接收订阅消息"',
    },
  },
  APP_BANNED: { errCode: 20005, zh: '小程序被禁用订阅消息', en: 'App banned from subscribing' },
  DEVICE_TEMPLATE: {
    errCode: 20013,
    zh: '设备消息不能用此接口',
    en: 'Device templates: other API',
  },
} as const satisfies Record<string, SubscribeErrCodeRule>;

export type SubscribeErrCodeName = keyof typeof SUBSCRIBE_ERRCODE_RULES;

/** Every errCode by its constant name: `SubscribeErrCode.MAIN_SWITCH_OFF === 20004`. */
export const SubscribeErrCode = /* @__PURE__ */ codesByName();

function codesByName() {
  return Object.freeze(
    Object.fromEntries(
      Object.entries(SUBSCRIBE_ERRCODE_RULES).map(([name, rule]) => [name, rule.errCode]),
    ),
  ) as { readonly [N in SubscribeErrCodeName]: (typeof SUBSCRIBE_ERRCODE_RULES)[N]['errCode'] };
}

/** The `errMsg` of a call made outside a tap (it carries no errCode). */
export const SUBSCRIBE_TAP_GESTURE_ERRMSG =
  'requestSubscribeMessage:fail can only be invoked by user TAP gesture.';

/** What {@link describeSubscribeErrCode} tells about one errCode. */
export interface SubscribeErrCodeInfo {
  errCode: number;
  name: SubscribeErrCodeName | 'UNKNOWN';
  zh: string;
  en: string;
  /** What the user can do about it, when there is something. */
  hint?: { zh: string; en: string };
  known: boolean;
}

/** Chinese and English meaning of a `requestSubscribeMessage` errCode (and the hint, if any). */
export function describeSubscribeErrCode(errCode: number): SubscribeErrCodeInfo {
  // A loop, not a lookup map: this runs inside mini-programs, where every byte counts.
  for (const name in SUBSCRIBE_ERRCODE_RULES) {
    const rule: SubscribeErrCodeRule = SUBSCRIBE_ERRCODE_RULES[name as SubscribeErrCodeName];
    if (rule.errCode === errCode) {
      const info: SubscribeErrCodeInfo = {
        errCode,
        name: name as SubscribeErrCodeName,
        zh: rule.zh,
        en: rule.en,
        known: true,
      };
      if (rule.hint) info.hint = { zh: rule.hint.zh, en: rule.hint.en };
      return info;
    }
  }
  return {
    errCode,
    name: 'UNKNOWN',
    zh: `未知错误码 ${errCode}`,
    en: `Unknown errCode ${errCode}`,
    known: false,
  };
}
