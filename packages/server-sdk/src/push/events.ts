import { createHash } from 'node:crypto';
import { SUBSCRIBE_EVENT_XML_LIST, SubscribeEvent } from '@wxtpl/shared-types';
import type { XmlObject, XmlValue } from './xml.js';

/** One template's entry of a popup or change event. */
export interface SubscriptionChange {
  templateId: string;
  /** `accept` or `reject`. */
  status: string;
}

/** The final outcome of one subscribe send (`subscribe_msg_sent_event`). */
export interface SentReceipt {
  templateId: string;
  msgId: string;
  /** `0` on success. */
  errorCode: number;
  /** `success`, `fail:user refuse to accept the msg`, `fail:system error`. */
  errorStatus: string;
}

/** A message push from WeChat, read from JSON or XML, plaintext or decrypted. */
export type PushEvent =
  | {
      kind: 'popup';
      openid: string;
      createTime: number;
      changes: SubscriptionChange[];
      raw: object;
    }
  | {
      kind: 'change';
      openid: string;
      createTime: number;
      changes: SubscriptionChange[];
      raw: object;
    }
  | { kind: 'sent'; openid: string; createTime: number; receipts: SentReceipt[]; raw: object }
  /** Any other event or message (user messages, customer-service events…): handed to `onEvent`. */
  | { kind: 'other'; openid: string; createTime: number; event: string; raw: object };

/** The event in a parsed body (JSON object or XML root), or null when it is not one. */
export function readEvent(body: Record<string, unknown> | XmlObject): PushEvent | null {
  const openid = text(body.FromUserName);
  const createTime = Number(text(body.CreateTime));
  if (openid === '' || !Number.isSafeInteger(createTime) || createTime <= 0) return null;
  const event = text(body.Event);
  const listOf = (name: string) => listItems(body, name);
  switch (event) {
    case SubscribeEvent.popup:
    case SubscribeEvent.change: {
      const changes = listOf(SUBSCRIBE_EVENT_XML_LIST[event]).map((item) => ({
        templateId: text(item.TemplateId),
        status: text(item.SubscribeStatusString),
      }));
      if (changes.some((c) => c.templateId === '')) return null;
      const kind = event === SubscribeEvent.popup ? 'popup' : 'change';
      return { kind, openid, createTime, changes, raw: body };
    }
    case SubscribeEvent.sent: {
      const receipts = listOf(SUBSCRIBE_EVENT_XML_LIST[event]).map((item) => ({
        templateId: text(item.TemplateId),
        msgId: text(item.MsgID),
        errorCode: Number(text(item.ErrorCode)),
        errorStatus: text(item.ErrorStatus),
      }));
      return { kind: 'sent', openid, createTime, receipts, raw: body };
    }
    default:
      return { kind: 'other', openid, createTime, event: event || text(body.MsgType), raw: body };
  }
}

/**
 * What identifies one push across WeChat's retries: WeChat's own key (`FromUserName` +
 * `CreateTime`) and the event's content, so that two events of one user in one second (two
 * receipts, say) are two, while a retry, whose content is the same, is one.
 */
export function eventKey(event: PushEvent): string {
  const content =
    event.kind === 'sent'
      ? event.receipts.map((r) => r.msgId)
      : event.kind === 'other'
        ? [event.event, JSON.stringify(event.raw)]
        : event.changes.map((c) => `${c.templateId}=${c.status}`);
  const digest = createHash('sha1').update(content.join('\n')).digest('base64url');
  return `${event.openid.length}:${event.openid}:${event.createTime}:${event.kind}:${digest}`;
}

/** `List` entries: JSON's `List` (an array, or one object), or XML's `<Container><List>…`. */
function listItems(body: Record<string, unknown>, container: string): Record<string, unknown>[] {
  const holder = body[container];
  const list =
    body.List ??
    (typeof holder === 'object' && holder !== null ? (holder as XmlObject).List : undefined);
  const items = Array.isArray(list) ? list : list === undefined ? [] : [list];
  return items.filter(
    (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
  );
}

function text(value: unknown | XmlValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}
