/**
 * Message push (消息推送): the events WeChat POSTs to the app's server about subscribe messages,
 * in their JSON shapes. In XML the same names are elements; each `List` entry is a `<List>`
 * element inside `<SubscribeMsgPopupEvent>`, `<SubscribeMsgChangeEvent>` or
 * `<SubscribeMsgSentEvent>`. In safe mode the body carries only `ToUserName` and `Encrypt`.
 */

export const SubscribeEvent = {
  popup: 'subscribe_msg_popup_event',
  change: 'subscribe_msg_change_event',
  sent: 'subscribe_msg_sent_event',
} as const;
export type SubscribeEventName = (typeof SubscribeEvent)[keyof typeof SubscribeEvent];

/** The XML element holding the `<List>` entries of each event. */
export const SUBSCRIBE_EVENT_XML_LIST = {
  subscribe_msg_popup_event: 'SubscribeMsgPopupEvent',
  subscribe_msg_change_event: 'SubscribeMsgChangeEvent',
  subscribe_msg_sent_event: 'SubscribeMsgSentEvent',
} as const satisfies Record<SubscribeEventName, string>;

/** The fields every subscribe push event has. */
export interface PushEventBase<E extends SubscribeEventName> {
  /** The mini-program's original id (`gh_…`). */
  ToUserName: string;
  /** The user's openid. */
  FromUserName: string;
  /** Epoch seconds; WeChat's JSON writes it as a number or a numeric string. */
  CreateTime: number | string;
  MsgType: 'event';
  Event: E;
}

export interface PopupEventItem {
  TemplateId: string;
  SubscribeStatusString: 'accept' | 'reject';
  /** Where the popup was shown: `0` in a mini-program page (other values for other scenes). */
  PopupScene: string;
}
/** The user answered a subscribe popup. */
export interface SubscribePopupEvent extends PushEventBase<'subscribe_msg_popup_event'> {
  List: PopupEventItem[];
}

export interface ChangeEventItem {
  TemplateId: string;
  SubscribeStatusString: 'reject';
}
/** The user turned templates off in the service-notification settings. */
export interface SubscribeChangeEvent extends PushEventBase<'subscribe_msg_change_event'> {
  /** An array; WeChat has been seen to send a single object when one template changed. */
  List: ChangeEventItem[] | ChangeEventItem;
}

/** `ErrorStatus` values of the sent event. */
export type SentEventStatus =
  | 'success'
  | 'fail:user refuse to accept the msg'
  | 'fail:system error';
export interface SentEventItem {
  TemplateId: string;
  /** The `msgid` of the send, as a string. */
  MsgID: string;
  /** `"0"` on success. */
  ErrorCode: string;
  ErrorStatus: SentEventStatus;
}
/** The final outcome of a subscribe send. */
export interface SubscribeSentEvent extends PushEventBase<'subscribe_msg_sent_event'> {
  List: SentEventItem;
}

export type SubscribePushEvent = SubscribePopupEvent | SubscribeChangeEvent | SubscribeSentEvent;

/** The body of a safe-mode push: the event is in `Encrypt` (base64 of the AES ciphertext). */
export interface EncryptedPushBody {
  ToUserName: string;
  Encrypt: string;
}

/** The query of every push: `signature` = SHA-1 hex of sorted `[token, timestamp, nonce]`. */
export interface PushQuery {
  signature: string;
  timestamp: string;
  nonce: string;
  /** Safe mode only: `aes`. */
  encrypt_type?: 'aes';
  /** Safe mode only: SHA-1 hex of sorted `[token, timestamp, nonce, Encrypt]`. */
  msg_signature?: string;
}

/** The query of the URL check (`GET`): answer `echostr` when the signature matches. */
export interface PushUrlCheckQuery {
  signature: string;
  timestamp: string;
  nonce: string;
  echostr: string;
}
