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
}

/** `fail(err).errCode` of `wx.requestSubscribeMessage`, keyed by constant name. */
export const SUBSCRIBE_ERRCODE_RULES = {
  TMPL_IDS_EMPTY: { errCode: 10001, zh: '参数传空了', en: 'tmplIds is empty' },
  NETWORK_LOAD_FAILED: {
    errCode: 10002,
    zh: '网络问题，请求消息列表失败',
    en: 'Network failure while loading the templates',
  },
  NETWORK_SUBSCRIBE_FAILED: {
    errCode: 10003,
    zh: '网络问题，订阅请求发送失败',
    en: 'Network failure while sending the subscription',
  },
  INVALID_TMPL_ID: {
    errCode: 10004,
    zh: '参数类型错误',
    en: 'A tmplId is invalid (wrong type for this request)',
  },
  UI_UNAVAILABLE: {
    errCode: 10005,
    zh: '无法展示 UI，一般是小程序这个时候退后台了导致的',
    en: 'The subscribe UI cannot be shown (the app is in the background)',
  },
  TEMPLATES_NOT_FOUND: {
    errCode: 20001,
    zh: '没有模板数据，一般是模板 ID 不存在或者和模板类型不对应导致的',
    en: 'No template found for the ids',
  },
  MIXED_TEMPLATE_KINDS: {
    errCode: 20002,
    zh: '模板消息类型既有一次性的又有永久的',
    en: 'The templates are not all of one kind (one-time and long-term mixed)',
  },
  TOO_MANY_TEMPLATES: {
    errCode: 20003,
    zh: '模板消息数量超过上限',
    en: 'More templates than one request allows (3)',
  },
  MAIN_SWITCH_OFF: {
    errCode: 20004,
    zh: '用户关闭了主开关，无法进行订阅',
    en: 'The user turned the main switch "接收订阅消息" off',
  },
  APP_BANNED: {
    errCode: 20005,
    zh: '小程序被禁封',
    en: 'This mini-program is banned from subscribe messages',
  },
  DEVICE_TEMPLATE: {
    errCode: 20013,
    zh: '不允许通过该接口订阅设备消息',
    en: 'Device-message templates cannot be requested through this API',
  },
} as const satisfies Record<string, SubscribeErrCodeRule>;

export type SubscribeErrCodeName = keyof typeof SUBSCRIBE_ERRCODE_RULES;

/** Every errCode by its constant name: `SubscribeErrCode.MAIN_SWITCH_OFF === 20004`. */
export const SubscribeErrCode = Object.freeze(
  Object.fromEntries(
    Object.entries(SUBSCRIBE_ERRCODE_RULES).map(([name, rule]) => [name, rule.errCode]),
  ),
) as { readonly [N in SubscribeErrCodeName]: (typeof SUBSCRIBE_ERRCODE_RULES)[N]['errCode'] };

/** The `errMsg` of a call made outside a tap (it carries no errCode). */
export const SUBSCRIBE_TAP_GESTURE_ERRMSG =
  'requestSubscribeMessage:fail can only be invoked by user TAP gesture.';

/** What {@link describeSubscribeErrCode} tells about one errCode. */
export interface SubscribeErrCodeInfo {
  errCode: number;
  name: SubscribeErrCodeName | 'UNKNOWN';
  zh: string;
  en: string;
  known: boolean;
}

const BY_CODE = new Map<number, SubscribeErrCodeInfo>(
  (Object.entries(SUBSCRIBE_ERRCODE_RULES) as [SubscribeErrCodeName, SubscribeErrCodeRule][]).map(
    ([name, rule]) => [
      rule.errCode,
      Object.freeze({ errCode: rule.errCode, name, zh: rule.zh, en: rule.en, known: true }),
    ],
  ),
);

/** Chinese and English meaning of a `requestSubscribeMessage` errCode. */
export function describeSubscribeErrCode(errCode: number): SubscribeErrCodeInfo {
  return (
    BY_CODE.get(errCode) ?? {
      errCode,
      name: 'UNKNOWN',
      zh: `未知错误码 ${errCode}`,
      en: `Unknown errCode ${errCode}`,
      known: false,
    }
  );
}
