import type { TemplateSendData } from '@wxtpl/shared-types';

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

/** `GET /__emulator/stats`. */
export interface EmulatorStats {
  tokensIssued: number;
  sends: { ok: number; failed: Record<string, number> };
  /** Requests per path (query excluded); paths the emulator does not serve count under `*`. */
  requests: Record<string, number>;
}

/**
 * A fault rule for `POST /__emulator/faults`. The first rule whose `path` matches (and whose
 * `rate` draw and `times` allow it) applies to a request.
 */
export interface FaultRule {
  /** Exact request path, e.g. `/cgi-bin/message/wxopen/template/send`, or `*` for every path. */
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
