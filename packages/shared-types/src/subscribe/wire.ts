/**
 * Wire types of subscribe messages, field for field as `reference/subscribe-messages.md` gives
 * them: `POST /cgi-bin/message/subscribe/send` and the six `/wxaapi/newtmpl/*` calls. The paths
 * are in `WeChatPath`; `access_token` always travels in the query.
 */
import type { WeChatOkResponse } from '../wire.js';
import type { KeywordKind } from './kinds.js';

// POST /cgi-bin/message/subscribe/send
/** `{ thing1: { value: '…' }, time2: { value: '…' } }`. */
export type SubscribeSendData = Record<string, { value: string }>;
/** Which version of the mini-program the card opens. */
export type MiniprogramState = 'developer' | 'trial' | 'formal';
/** Language of the card's "进入小程序查看". */
export type SubscribeLang = 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
export interface SubscribeSendRequest {
  touser: string;
  /** The account's subscribe template id (`priTmplId`). */
  template_id: string;
  /** A page of the app, query allowed (`index?foo=bar`); without it the card opens nothing. */
  page?: string;
  data: SubscribeSendData;
  /** Default `formal`. */
  miniprogram_state?: MiniprogramState;
  /** Default `zh_CN`. */
  lang?: SubscribeLang;
}
export interface SubscribeSendResponse extends WeChatOkResponse {
  /** Newer answers carry the message id (the `MsgID` of the sent event). */
  msgid?: number;
}

/** Template kind: 2 one-time (一次性订阅), 3 long-term (长期订阅). */
export type SubscribeTemplateType = 2 | 3;

// GET /wxaapi/newtmpl/getcategory
export interface SubscribeCategory {
  id: number;
  name: string;
}
export interface SubscribeCategoryResponse extends WeChatOkResponse {
  data: SubscribeCategory[];
}

// GET /wxaapi/newtmpl/getpubtemplatetitles?ids=2,616&start=0&limit=30
export interface PubTemplateTitlesQuery {
  /** Category ids, comma-separated. */
  ids: string;
  /** From 0. */
  start: number;
  /** 1..30. */
  limit: number;
}
export interface PubTemplateTitle {
  tid: number;
  title: string;
  type: SubscribeTemplateType;
  categoryId: string;
}
export interface PubTemplateTitlesResponse extends WeChatOkResponse {
  /** Titles in the categories, in all. */
  count: number;
  data: PubTemplateTitle[];
}

// GET /wxaapi/newtmpl/getpubtemplatekeywords?tid=99
export interface PubTemplateKeyword {
  kid: number;
  name: string;
  example: string;
  /** The keyword kind: the data key of this keyword is `rule` + `kid` (`thing3`). */
  rule: KeywordKind;
}
export interface PubTemplateKeywordsResponse extends WeChatOkResponse {
  count: number;
  data: PubTemplateKeyword[];
}

// POST /wxaapi/newtmpl/addtemplate
export interface SubscribeTemplateAddRequest {
  /** WeChat documents it as a string; a number is accepted too. */
  tid: number | string;
  /** 2 to 5 keyword ids, in the order they appear in the message. */
  kidList: number[];
  /** At most 15 characters. */
  sceneDesc?: string;
}
export interface SubscribeTemplateAddResponse extends WeChatOkResponse {
  priTmplId: string;
}

// GET /wxaapi/newtmpl/gettemplate
export interface KeywordEnumValues {
  /** `enum3.DATA`. */
  keywordCode: string;
  enumValueList: string[];
}
export interface SubscribeAccountTemplate {
  priTmplId: string;
  title: string;
  /** `商品名称:{{thing1.DATA}}\n金额:{{amount2.DATA}}\n`. */
  content: string;
  example: string;
  type: SubscribeTemplateType;
  keywordEnumValueList?: KeywordEnumValues[];
}
export interface SubscribeTemplateListResponse extends WeChatOkResponse {
  data: SubscribeAccountTemplate[];
}

// POST /wxaapi/newtmpl/deltemplate
export interface SubscribeTemplateDeleteRequest {
  priTmplId: string;
}
export type SubscribeTemplateDeleteResponse = WeChatOkResponse;
