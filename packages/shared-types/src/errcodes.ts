/**
 * WeChat API errcodes that template messaging meets, with what each means and what a caller
 * should do about it. Meanings follow WeChat's published global return codes.
 */
export const Errcode = {
  SYSTEM_BUSY: -1,
  OK: 0,
  INVALID_CREDENTIAL: 40001,
  INVALID_GRANT_TYPE: 40002,
  INVALID_OPENID: 40003,
  INVALID_APPID: 40013,
  INVALID_ACCESS_TOKEN: 40014,
  INVALID_CODE: 40029,
  INVALID_TEMPLATE_ID: 40037,
  INVALID_ARGS: 40097,
  INVALID_APPSECRET: 40125,
  CODE_BEEN_USED: 40163,
  ACCESS_TOKEN_MISSING: 41001,
  APPID_MISSING: 41002,
  APPSECRET_MISSING: 41004,
  INVALID_FORM_ID: 41028,
  FORM_ID_USED: 41029,
  INVALID_PAGE: 41030,
  ACCESS_TOKEN_EXPIRED: 42001,
  REQUIRE_POST_METHOD: 43002,
  EMPTY_POST_DATA: 44002,
  API_DAILY_LIMIT: 45009,
  API_MINUTE_LIMIT: 45011,
  TEMPLATE_COUNT_LIMIT: 45026,
  DATA_FORMAT_ERROR: 47001,
  API_UNAUTHORIZED: 48001,
} as const;

export type ErrcodeName = keyof typeof Errcode;
export type KnownErrcode = (typeof Errcode)[ErrcodeName];

/**
 * What a caller does about an errcode:
 * - `ok`: success;
 * - `token`: the access_token is stale, refresh it and retry once;
 * - `backoff`: transient, retry later with backoff;
 * - `credit`: the formId / prepay_id is dead, use another one;
 * - `fatal`: retrying the same request cannot succeed.
 */
export type ErrcodeAction = 'ok' | 'token' | 'backoff' | 'credit' | 'fatal';

export interface ErrcodeInfo {
  errcode: number;
  /** Constant name in {@link Errcode}, or `UNKNOWN`. */
  name: ErrcodeName | 'UNKNOWN';
  zh: string;
  en: string;
  action: ErrcodeAction;
  known: boolean;
}

type Meaning = readonly [zh: string, en: string, action: ErrcodeAction];

const MEANINGS: Readonly<Record<KnownErrcode, Meaning>> = {
  [-1]: ['系统繁忙，此时请开发者稍候再试', 'System busy, retry later', 'backoff'],
  0: ['请求成功', 'OK', 'ok'],
  40001: [
    '获取 access_token 时 AppSecret 错误，或者 access_token 无效',
    'Invalid credential: the access_token is invalid or not the latest',
    'token',
  ],
  40002: ['不合法的凭证类型', 'Invalid grant_type', 'fatal'],
  40003: ['不合法的 OpenID', 'Invalid openid (touser)', 'fatal'],
  40013: ['不合法的 AppID', 'Invalid appid', 'fatal'],
  40014: ['不合法的 access_token', 'Invalid access_token', 'token'],
  40029: ['不合法或已使用的 code', 'Invalid or already used login code', 'fatal'],
  40037: ['template_id 不正确', 'Invalid template_id', 'fatal'],
  40097: ['参数错误', 'Invalid arguments', 'fatal'],
  40125: ['不合法的 AppSecret', 'Invalid appsecret', 'fatal'],
  40163: ['code 已被使用', 'Login code already used', 'fatal'],
  41001: ['缺少 access_token 参数', 'Missing access_token parameter', 'fatal'],
  41002: ['缺少 appid 参数', 'Missing appid parameter', 'fatal'],
  41004: ['缺少 secret 参数', 'Missing secret parameter', 'fatal'],
  41028: ['form_id 不正确，或者过期', 'form_id is invalid or expired', 'credit'],
  41029: ['form_id 已被使用', 'form_id has already been used', 'credit'],
  41030: ['page 不正确', 'Invalid page', 'fatal'],
  42001: ['access_token 超时', 'access_token expired', 'token'],
  43002: ['需要 POST 请求', 'This API requires POST', 'fatal'],
  44002: ['POST 的数据包为空', 'Empty POST body', 'fatal'],
  45009: [
    '接口调用超过限额（目前默认每个帐号日调用限额为100万）',
    'Daily API call limit reached (1,000,000 per account by default)',
    'fatal',
  ],
  45011: ['API 调用太频繁，请稍候再试', 'API called too often, retry later', 'backoff'],
  45026: ['模板数量超出限制', 'The account already holds the maximum number of templates', 'fatal'],
  47001: ['解析 JSON/XML 内容错误', 'Malformed JSON or XML body', 'fatal'],
  48001: ['api 功能未授权', 'API not authorised for this account', 'fatal'],
};

const NAMES = new Map<number, ErrcodeName>(
  (Object.keys(Errcode) as ErrcodeName[]).map((name) => [Errcode[name], name]),
);

/** The errcodes that mean "this access_token can no longer be used: refresh and retry once". */
export const TOKEN_ERRCODES: readonly number[] = [
  Errcode.INVALID_CREDENTIAL,
  Errcode.INVALID_ACCESS_TOKEN,
  Errcode.ACCESS_TOKEN_EXPIRED,
];

export function isTokenErrcode(errcode: number): boolean {
  return TOKEN_ERRCODES.includes(errcode);
}

/** Chinese and English meaning of any errcode; unknown codes get a generic, honest description. */
export function describeErrcode(errcode: number): ErrcodeInfo {
  const name = NAMES.get(errcode);
  if (name === undefined) {
    return {
      errcode,
      name: 'UNKNOWN',
      zh: `未知错误码 ${errcode}`,
      en: `Unknown errcode ${errcode}`,
      action: 'fatal',
      known: false,
    };
  }
  const [zh, en, action] = MEANINGS[Errcode[name]];
  return { errcode, name, zh, en, action, known: true };
}
