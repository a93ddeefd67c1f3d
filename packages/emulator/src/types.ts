import type {
  MiniprogramState,
  SubscribeLang,
  SubscribeResult,
  SubscribeSendData,
  SubscribeTemplateType,
  SubscriptionsSetting,
  TemplateSendData,
} from '@wxtpl/shared-types';

/** One keyword of a delivered message, rendered as the user sees it. */
export interface InboxKeyword {
  /** The keyword's name from the template (`购买地点`). */
  name: string;
  value: string;
  /** `#RRGGBB` / `#RGB`: the keyword's color, else the send's `color`, else black. */
  color: string;
}

/** A template message delivered to a user's "service notifications". */
export interface InboxMessage {
  kind: 'template';
  /** Sequence number, unique in this emulator. */
  id: number;
  appid: string;
  touser: string;
  template_id: string;
  title: string;
  /** The page the card opens, as sent (query string included), or null when none. */
  page: string | null;
  form_id: string;
  /** The `data` as sent. */
  data: TemplateSendData;
  /** `keywordN.DATA` as sent, or null. */
  emphasis_keyword: string | null;
  /** Virtual epoch milliseconds. */
  receivedAt: number;
  keywords: InboxKeyword[];
}

/** A subscribe message delivered to a user's "service notifications". */
export interface SubscribeInboxMessage {
  kind: 'subscribe';
  /** Sequence number, unique in this emulator (shared with template messages). */
  id: number;
  appid: string;
  touser: string;
  /** The `priTmplId`. */
  template_id: string;
  title: string;
  /** 2 one-time, 3 long-term. */
  templateType: SubscribeTemplateType;
  page: string | null;
  /** Subscribe messages are paid for by an acceptance, not a formId. */
  form_id: null;
  data: SubscribeSendData;
  emphasis_keyword: null;
  miniprogram_state: MiniprogramState;
  lang: SubscribeLang;
  /** The `msgid` of the send answer and of the sent event. */
  msgid: number;
  /** Virtual epoch milliseconds. */
  receivedAt: number;
  /** The template's keywords filled from `data`, in content order. */
  keywords: { name: string; value: string }[];
}

/** A template message (the name `InboxMessage` predates subscribe messages). */
export type TemplateInboxMessage = InboxMessage;

/** Any message in the inbox: `kind` tells which. */
export type AnyInboxMessage = InboxMessage | SubscribeInboxMessage;

/** Which messages an inbox listing holds. */
export type InboxKind = 'template' | 'subscribe' | 'all';

/** `GET /__emulator/stats`. */
export interface EmulatorStats {
  tokensIssued: number;
  sends: { ok: number; failed: Record<string, number> };
  /** Requests per path (query excluded); paths the emulator does not serve count under `*`. */
  requests: Record<string, number>;
  /** Answers of `/cgi-bin/message/subscribe/send`, like `sends`. */
  subscribeSends: { ok: number; failed: Record<string, number> };
  /** Message pushes: delivered, failed after every retry, dropped by a fault rule. */
  pushes: { delivered: number; failed: number; dropped: number };
}

/**
 * A fault rule for `POST /__emulator/faults`. The first rule whose `path` matches (and whose
 * `rate` draw and `times` allow it) applies to a request, or to a message push.
 */
export interface FaultRule {
  /**
   * Exact request path, e.g. `/cgi-bin/message/wxopen/template/send`, or `*` for every path; or
   * `push` (every message push) or `push:EVENT` (`push:subscribe_msg_sent_event`).
   */
  path: string;
  /** Answer `{errcode, errmsg}` without processing the request. */
  errcode?: number;
  /** Answer this HTTP status without processing the request. */
  httpStatus?: number;
  /** Wait this long before processing (or, with `afterProcessing`, before answering). */
  delayMs?: number;
  /** Destroy the connection without an answer. */
  reset?: boolean;
  /** Apply `delayMs` / `reset` after the request was fully processed. */
  afterProcessing?: boolean;
  /** Probability 0..1 that the rule applies to a matching request (default 1). */
  rate?: number;
  /** Most requests the rule applies to (default unlimited). */
  times?: number;
  /** Push rules: the push is never sent (`delayMs` alone delays it). */
  drop?: boolean;
}

/** `POST /__emulator/login`. */
export interface LoginResult {
  code: string;
  openid: string;
}

/** A user an app has met, for the inbox page's picker. */
export interface EmulatorUser {
  appid: string;
  openid: string;
  messages: number;
}

/** `POST /__emulator/subscribe`: the user's answer to a subscribe popup. */
export interface SubscribeAnswer {
  results: Record<string, SubscribeResult>;
  /** False when every answer came silently from a kept choice (or ban / filter). */
  popup: boolean;
}

/** One template in `GET /__emulator/subscriptions`. */
export interface SubscriptionState {
  templateId: string;
  /** One-time sends left. */
  oneTime: number;
  longTerm: boolean;
  /** The choice the user asked to keep, if any. */
  kept: 'accept' | 'reject' | null;
}

/** `GET /__emulator/subscriptions?appid=&openid=`: what the phone knows of the user's choices. */
export interface UserSubscriptions {
  /** `wx.getSetting({ withSubscriptions: true })`'s `subscriptionsSetting`. */
  setting: SubscriptionsSetting;
  subscriptions: SubscriptionState[];
}
