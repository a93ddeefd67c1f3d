/**
 * The errcode policy: every WeChat errcode wxtpl meets, what it means in Chinese and English, and
 * what to do about it. The client's request pipeline, the Notifier, the CLI and the README's error
 * table all read this one table; supporting a new errcode is adding one row.
 */

/**
 * What a caller does about an errcode:
 * - `ok`: success.
 * - `retry`: transient and without effect (system busy, a rate limit, a concurrent send): the same
 *   request may be repeated after a backoff.
 * - `renew_token`: the access_token is stale or invalid: renew it, then repeat the call once.
 * - `credit_dead`: the credit paying for the send can never be used (formId invalid or expired,
 *   no acceptance held): drop it and use another.
 * - `credit_used`: the credit was spent already (41029). After a send whose outcome was unknown it
 *   means that earlier send was delivered.
 * - `refused`: WeChat refused this message (template, page, data, receiver): the credit was not
 *   used; the message must change before it can be sent.
 * - `quota`: the account's daily quota is spent: the credit was not used; wait for the next day.
 * - `fatal`: credentials, permissions or a programming error: repeating cannot succeed.
 */
export type ErrcodeAction =
  | 'ok'
  | 'retry'
  | 'renew_token'
  | 'credit_dead'
  | 'credit_used'
  | 'refused'
  | 'quota'
  | 'fatal';

/** One row of the policy table. */
export interface ErrcodeRule {
  readonly code: number;
  readonly action: ErrcodeAction;
  /** WeChat's own wording. */
  readonly zh: string;
  readonly en: string;
  /** What a developer does to fix it, when there is more to say than the meaning. */
  readonly hint?: string;
}

/** The table, one row per errcode, keyed by the constant name of {@link Errcode}. */
export const ERRCODE_RULES = {
  SYSTEM_BUSY: {
    code: -1,
    action: 'retry',
    zh: '系统繁忙，此时请开发者稍候再试',
    en: 'System busy, retry later',
  },
  OK: { code: 0, action: 'ok', zh: '请求成功', en: 'OK' },
  INVALID_CREDENTIAL: {
    code: 40001,
    action: 'renew_token',
    zh: '获取 access_token 时 AppSecret 错误，或者 access_token 无效',
    en: 'Invalid credential: the access_token is invalid or not the latest',
  },
  INVALID_GRANT_TYPE: {
    code: 40002,
    action: 'fatal',
    zh: '不合法的凭证类型',
    en: 'Invalid grant_type',
  },
  INVALID_OPENID: {
    code: 40003,
    action: 'refused',
    zh: '不合法的 OpenID，请确认 OpenID 属于此小程序',
    en: 'Invalid openid: touser is not a user of this app',
  },
  INVALID_APPID: { code: 40013, action: 'fatal', zh: '不合法的 AppID', en: 'Invalid appid' },
  INVALID_ACCESS_TOKEN: {
    code: 40014,
    action: 'renew_token',
    zh: '不合法的 access_token',
    en: 'Invalid access_token',
  },
  INVALID_CODE: {
    code: 40029,
    action: 'fatal',
    zh: '不合法或已使用的 code',
    en: 'Invalid or already used login code',
    hint: 'a wx.login code is valid for 5 minutes and exchanges once; log in again on the phone',
  },
  INVALID_TEMPLATE_ID: {
    code: 40037,
    action: 'refused',
    zh: 'template_id 不正确',
    en: 'Invalid template_id',
    hint: "the id is not in the account's template list: run `wxtpl templates list`, and `wxtpl codegen` to regenerate your definitions",
  },
  INVALID_ARGS: { code: 40097, action: 'refused', zh: '参数错误', en: 'Invalid arguments' },
  INVALID_APPSECRET: {
    code: 40125,
    action: 'fatal',
    zh: '不合法的 AppSecret',
    en: 'Invalid appsecret',
    hint: 'check the AppSecret in the admin console (开发管理 → 开发设置); a reset secret invalidates the old one',
  },
  CODE_BEEN_USED: {
    code: 40163,
    action: 'fatal',
    zh: 'code 已被使用',
    en: 'Login code already used',
  },
  IP_NOT_WHITELISTED: {
    code: 40164,
    action: 'fatal',
    zh: '调用接口的 IP 地址不在白名单中，请在接口 IP 白名单中进行设置',
    en: "The calling server's IP address is not in the API IP whitelist",
    hint: "add this server's public IP under 开发管理 → 开发设置 → IP白名单 in the admin console",
  },
  ACCESS_TOKEN_MISSING: {
    code: 41001,
    action: 'fatal',
    zh: '缺少 access_token 参数',
    en: 'Missing access_token parameter',
  },
  APPID_MISSING: {
    code: 41002,
    action: 'fatal',
    zh: '缺少 appid 参数',
    en: 'Missing appid parameter',
  },
  APPSECRET_MISSING: {
    code: 41004,
    action: 'fatal',
    zh: '缺少 secret 参数',
    en: 'Missing secret parameter',
  },
  INVALID_FORM_ID: {
    code: 41028,
    action: 'credit_dead',
    zh: 'form_id 不正确，或者过期',
    en: 'form_id is invalid or expired',
  },
  FORM_ID_USED: {
    code: 41029,
    action: 'credit_used',
    zh: 'form_id 已被使用',
    en: 'form_id has already been used',
  },
  INVALID_PAGE: {
    code: 41030,
    action: 'refused',
    zh: 'page 不正确，或者小程序尚未发布',
    en: 'Invalid page: not a page of the released mini-program',
  },
  ACCESS_TOKEN_EXPIRED: {
    code: 42001,
    action: 'renew_token',
    zh: 'access_token 超时',
    en: 'access_token expired',
  },
  REQUIRE_GET_METHOD: {
    code: 43001,
    action: 'fatal',
    zh: '需要 GET 请求',
    en: 'This API requires GET',
  },
  REQUIRE_POST_METHOD: {
    code: 43002,
    action: 'fatal',
    zh: '需要 POST 请求',
    en: 'This API requires POST',
  },
  USER_NOT_SUBSCRIBED: {
    code: 43101,
    action: 'credit_dead',
    zh: '用户拒绝接受消息，如果用户之前曾经订阅过，则表示用户取消了订阅关系',
    en: 'The user has not accepted this template, or every accepted send is used',
    hint: 'ask again with wx.requestSubscribeMessage inside a tap; the pool drops what it held for this template',
  },
  SUBSCRIBE_BANNED: {
    code: 43107,
    action: 'refused',
    zh: '订阅消息能力封禁',
    en: "The account's subscribe-message ability or this template is banned",
  },
  CONCURRENT_SEND: {
    code: 43108,
    action: 'retry',
    zh: '并发下发消息给同一个粉丝',
    en: 'Concurrent sends to the same user',
  },
  EMPTY_POST_DATA: {
    code: 44002,
    action: 'refused',
    zh: 'POST 的数据包为空',
    en: 'Empty POST body',
  },
  API_DAILY_LIMIT: {
    code: 45009,
    action: 'quota',
    zh: '接口调用超过限额（目前默认每个帐号日调用限额为100万）',
    en: 'Daily API call limit reached (1,000,000 per account by default)',
  },
  API_MINUTE_LIMIT: {
    code: 45011,
    action: 'retry',
    zh: 'API 调用太频繁，请稍候再试',
    en: 'API called too often, retry later',
  },
  TEMPLATE_COUNT_LIMIT: {
    code: 45026,
    action: 'fatal',
    zh: '模板数量超出限制',
    en: 'The account already holds the maximum number of templates',
  },
  SENSITIVE_WORD: {
    code: 45168,
    action: 'refused',
    zh: '命中敏感词',
    en: 'The message contains a sensitive word',
  },
  DATA_FORMAT_ERROR: {
    code: 47001,
    action: 'refused',
    zh: '解析 JSON/XML 内容错误',
    en: 'Malformed JSON or XML body',
  },
  INVALID_TEMPLATE_DATA: {
    code: 47003,
    action: 'refused',
    zh: '模板参数不准确，可能为空或者不满足规则，errmsg 会提示具体是哪个字段出错',
    en: 'Template data invalid: a value is empty or breaks its keyword rule (errmsg names the field)',
    hint: 'validateSubscribeData(definition, data) finds it before sending',
  },
  API_UNAUTHORIZED: {
    code: 48001,
    action: 'fatal',
    zh: 'api 功能未授权',
    en: 'API not authorised for this account',
  },
  ACCOUNT_BANNED: {
    code: 200011,
    action: 'fatal',
    zh: '此账号已被封禁，无法操作',
    en: 'This account is banned',
  },
  PRIVATE_TEMPLATE_LIMIT: {
    code: 200012,
    action: 'fatal',
    zh: '私有模板数已达上限，上限 50 个',
    en: 'The account already holds 50 subscribe templates',
    hint: 'delete unused ones with client.subscribe.templates.delete',
  },
  TEMPLATE_BANNED: {
    code: 200013,
    action: 'fatal',
    zh: '此模版已被封禁，无法选用',
    en: 'This public template is banned and cannot be added',
  },
  INVALID_TID: { code: 200014, action: 'fatal', zh: '模版 tid 参数错误', en: 'Invalid tid' },
  INVALID_START: { code: 200016, action: 'fatal', zh: 'start 参数错误', en: 'Invalid start' },
  INVALID_LIMIT: { code: 200017, action: 'fatal', zh: 'limit 参数错误', en: 'Invalid limit' },
  CATEGORY_IDS_MISSING: {
    code: 200018,
    action: 'fatal',
    zh: '类目 ids 缺失',
    en: 'Category ids missing',
  },
  INVALID_CATEGORY_IDS: {
    code: 200019,
    action: 'fatal',
    zh: '类目 ids 不合法',
    en: 'Invalid category ids',
  },
  INVALID_KID_LIST: {
    code: 200020,
    action: 'fatal',
    zh: '关键词列表 kidList 参数错误',
    en: 'Invalid kidList',
  },
  INVALID_SCENE_DESC: {
    code: 200021,
    action: 'fatal',
    zh: '场景描述 sceneDesc 参数错误',
    en: 'Invalid sceneDesc',
  },
} as const satisfies Record<string, ErrcodeRule>;

export type ErrcodeName = keyof typeof ERRCODE_RULES;

/** Every errcode by its constant name: `Errcode.FORM_ID_USED === 41029`. */
// Built by a pure call: a bundler that does not use it (the mini-program SDK) drops it and the
// table it reads.
export const Errcode: { readonly [N in ErrcodeName]: (typeof ERRCODE_RULES)[N]['code'] } =
  /* @__PURE__ */ codesByName();

function codesByName() {
  return Object.freeze(
    Object.fromEntries(Object.entries(ERRCODE_RULES).map(([name, rule]) => [name, rule.code])),
  ) as typeof Errcode;
}

export type KnownErrcode = (typeof Errcode)[ErrcodeName];

/** What {@link describeErrcode} tells about one errcode. */
export interface ErrcodeInfo {
  errcode: number;
  /** Constant name in {@link Errcode}, or `UNKNOWN`. */
  name: ErrcodeName | 'UNKNOWN';
  zh: string;
  en: string;
  action: ErrcodeAction;
  hint?: string;
  known: boolean;
}

const BY_CODE = /* @__PURE__ */ infoByCode();

function infoByCode() {
  return new Map<number, ErrcodeInfo>(
    (Object.entries(ERRCODE_RULES) as [ErrcodeName, ErrcodeRule][]).map(([name, rule]) => {
      const info: ErrcodeInfo = {
        errcode: rule.code,
        name,
        zh: rule.zh,
        en: rule.en,
        action: rule.action,
        known: true,
      };
      if (rule.hint !== undefined) info.hint = rule.hint;
      return [rule.code, Object.freeze(info)];
    }),
  );
}

/**
 * Chinese and English meaning of any errcode and what to do about it. An unknown code gets an
 * honest "unknown errcode" description with action `fatal` (never retried, never spends a credit).
 */
export function describeErrcode(errcode: number): ErrcodeInfo {
  return (
    BY_CODE.get(errcode) ?? {
      errcode,
      name: 'UNKNOWN',
      zh: `未知错误码 ${errcode}`,
      en: `Unknown errcode ${errcode}`,
      action: 'fatal',
      known: false,
    }
  );
}

/** What to do about `errcode`: the `action` of its row. */
export function errcodeAction(errcode: number): ErrcodeAction {
  return describeErrcode(errcode).action;
}
