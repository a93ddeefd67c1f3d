/**
 * Wire types of the WeChat endpoints wxtpl uses, field for field as the reference document shows
 * them (snake_case); subscribe messages' are in `subscribe/wire.ts`. Request bodies are what is POSTed; `access_token` always travels in the query.
 */

export const WECHAT_API_BASE_URL = 'https://api.weixin.qq.com';

export const WeChatPath = {
  token: '/cgi-bin/token',
  stableToken: '/cgi-bin/stable_token',
  libraryList: '/cgi-bin/wxopen/template/library/list',
  libraryGet: '/cgi-bin/wxopen/template/library/get',
  templateAdd: '/cgi-bin/wxopen/template/add',
  templateList: '/cgi-bin/wxopen/template/list',
  templateDelete: '/cgi-bin/wxopen/template/del',
  templateSend: '/cgi-bin/message/wxopen/template/send',
  code2Session: '/sns/jscode2session',
  subscribeSend: '/cgi-bin/message/subscribe/send',
  subscribeCategories: '/wxaapi/newtmpl/getcategory',
  subscribeTitles: '/wxaapi/newtmpl/getpubtemplatetitles',
  subscribeKeywords: '/wxaapi/newtmpl/getpubtemplatekeywords',
  subscribeTemplateAdd: '/wxaapi/newtmpl/addtemplate',
  subscribeTemplateList: '/wxaapi/newtmpl/gettemplate',
  subscribeTemplateDelete: '/wxaapi/newtmpl/deltemplate',
} as const;

export type WeChatPathName = keyof typeof WeChatPath;

/** Every WeChat refusal, and the envelope of most successes. */
export interface WeChatErrorResponse {
  errcode: number;
  errmsg: string;
}

export interface WeChatOkResponse {
  errcode: 0;
  errmsg: string;
}

// GET /cgi-bin/token
export interface AccessTokenQuery {
  grant_type: 'client_credential';
  appid: string;
  secret: string;
}
export interface AccessTokenResponse {
  access_token: string;
  /** Seconds; 7200 today, but WeChat may change it. */
  expires_in: number;
}

// POST /cgi-bin/wxopen/template/library/list and /cgi-bin/wxopen/template/list
export interface PageRequest {
  /** From 0. */
  offset: number;
  /** 1..20. */
  count: number;
}

export type LibraryListRequest = PageRequest;
export interface LibraryTitle {
  /** Title id such as `AT0002`. */
  id: string;
  title: string;
}
export interface LibraryListResponse extends WeChatOkResponse {
  list: LibraryTitle[];
  total_count: number;
}

// POST /cgi-bin/wxopen/template/library/get
export interface LibraryGetRequest {
  id: string;
}
export interface LibraryKeyword {
  keyword_id: number;
  name: string;
  example: string;
}
export interface LibraryGetResponse extends WeChatOkResponse {
  id: string;
  title: string;
  keyword_list: LibraryKeyword[];
}

// POST /cgi-bin/wxopen/template/add
export interface TemplateAddRequest {
  id: string;
  /** 1..10 keyword ids in the order they appear in the message. */
  keyword_id_list: number[];
}
export interface TemplateAddResponse extends WeChatOkResponse {
  template_id: string;
}

// POST /cgi-bin/wxopen/template/list
export type TemplateListRequest = PageRequest;
export interface AccountTemplate {
  template_id: string;
  title: string;
  /** `购买地点{{keyword1.DATA}}\n购买时间{{keyword2.DATA}}\n…` */
  content: string;
  /** `购买地点：TIT造舰厂\n…` */
  example: string;
}
export interface TemplateListResponse extends WeChatOkResponse {
  list: AccountTemplate[];
}

// POST /cgi-bin/wxopen/template/del
export interface TemplateDeleteRequest {
  template_id: string;
}
export type TemplateDeleteResponse = WeChatOkResponse;

// POST /cgi-bin/message/wxopen/template/send
/** `keyword1`, `keyword2`, … */
export type KeywordSlot = `keyword${number}`;
/** `#RGB` or `#RRGGBB`. */
export type HexColor = `#${string}`;
export interface TemplateDataValue {
  value: string;
  color?: HexColor;
}
export type TemplateSendData = Record<KeywordSlot, TemplateDataValue>;
export interface TemplateSendRequest {
  touser: string;
  template_id: string;
  /** Page opened when the user taps the message, e.g. `pages/order/index?id=1`. */
  page?: string;
  /** formId of a form submit, or prepay_id of a payment. */
  form_id: string;
  data: TemplateSendData;
  /** Default color of the content. */
  color?: HexColor;
  /** `keywordN.DATA`: the keyword shown large. */
  emphasis_keyword?: `${KeywordSlot}.DATA`;
}
export type TemplateSendResponse = WeChatOkResponse;

// GET /sns/jscode2session
export interface Code2SessionQuery {
  appid: string;
  secret: string;
  js_code: string;
  grant_type: 'authorization_code';
}
export interface Code2SessionResponse {
  openid: string;
  session_key: string;
  unionid?: string;
}

/** True when a parsed body is a WeChat refusal (errcode present and not 0). */
export function isWeChatError(body: unknown): body is WeChatErrorResponse {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { errcode?: unknown }).errcode === 'number' &&
    (body as { errcode: number }).errcode !== 0
  );
}
