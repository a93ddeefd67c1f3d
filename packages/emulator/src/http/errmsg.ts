import { Errcode } from '@wxtpl/shared-types';

/** WeChat answers `js_code` missing with this code (not among the shared errcodes). */
export const MISSING_CODE = 41008;

/** The English `errmsg` WeChat writes for each code the emulator answers. */
const ERRMSG: Readonly<Record<number, string>> = {
  [Errcode.SYSTEM_BUSY]: 'system error',
  [Errcode.OK]: 'ok',
  [Errcode.INVALID_CREDENTIAL]: 'invalid credential, access_token is invalid or not latest',
  [Errcode.INVALID_GRANT_TYPE]: 'invalid grant_type',
  [Errcode.INVALID_OPENID]: 'invalid openid',
  [Errcode.INVALID_APPID]: 'invalid appid',
  [Errcode.INVALID_ACCESS_TOKEN]: 'invalid access_token',
  [Errcode.INVALID_CODE]: 'invalid code',
  [Errcode.INVALID_TEMPLATE_ID]: 'invalid template_id',
  [Errcode.INVALID_ARGS]: 'invalid args',
  [Errcode.INVALID_APPSECRET]: 'invalid appsecret',
  [Errcode.CODE_BEEN_USED]: 'code been used',
  [Errcode.ACCESS_TOKEN_MISSING]: 'access_token missing',
  [Errcode.APPID_MISSING]: 'appid missing',
  [Errcode.APPSECRET_MISSING]: 'appsecret missing',
  [MISSING_CODE]: 'missing code',
  [Errcode.INVALID_FORM_ID]: 'invalid form id',
  [Errcode.FORM_ID_USED]: 'form id used count reach limit',
  [Errcode.INVALID_PAGE]: 'invalid page',
  [Errcode.ACCESS_TOKEN_EXPIRED]: 'access_token expired',
  [Errcode.REQUIRE_GET_METHOD]: 'require GET method',
  [Errcode.REQUIRE_POST_METHOD]: 'require POST method',
  [Errcode.USER_NOT_SUBSCRIBED]: 'user refuse to accept the msg',
  [Errcode.SUBSCRIBE_BANNED]: 'subscribe message ability or template banned',
  [Errcode.CONCURRENT_SEND]: 'concurrent send to the same user',
  [Errcode.SENSITIVE_WORD]: 'content contains sensitive word',
  [Errcode.INVALID_TEMPLATE_DATA]: 'argument invalid!',
  [Errcode.ACCOUNT_BANNED]: 'account banned',
  [Errcode.PRIVATE_TEMPLATE_LIMIT]: 'private template count reach limit',
  [Errcode.TEMPLATE_BANNED]: 'template banned',
  [Errcode.INVALID_TID]: 'invalid tid',
  [Errcode.INVALID_START]: 'invalid start',
  [Errcode.INVALID_LIMIT]: 'invalid limit',
  [Errcode.CATEGORY_IDS_MISSING]: 'category ids missing',
  [Errcode.INVALID_CATEGORY_IDS]: 'invalid category ids',
  [Errcode.INVALID_KID_LIST]: 'invalid kidList',
  [Errcode.INVALID_SCENE_DESC]: 'invalid sceneDesc',
  [Errcode.EMPTY_POST_DATA]: 'empty post data',
  [Errcode.API_DAILY_LIMIT]: 'reach max api daily quota limit',
  [Errcode.API_MINUTE_LIMIT]: 'api minute-quota reach limit',
  [Errcode.TEMPLATE_COUNT_LIMIT]: 'template num exceeds limit',
  [Errcode.DATA_FORMAT_ERROR]: 'data format error',
  [Errcode.API_UNAUTHORIZED]: 'api unauthorized',
};

/** WeChat's message for `errcode`, with an optional hint appended the way WeChat does. */
export function errmsgFor(errcode: number, hint?: string): string {
  const base = ERRMSG[errcode] ?? `errcode ${errcode}`;
  return hint === undefined ? base : `${base} hint: [${hint}]`;
}
