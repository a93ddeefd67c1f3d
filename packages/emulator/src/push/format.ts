import { SUBSCRIBE_EVENT_XML_LIST, type SubscribePushEvent } from '@wxtpl/shared-types';

/** Elements WeChat writes without CDATA: numbers. */
const RAW = new Set(['CreateTime', 'PopupScene', 'MsgID', 'ErrorCode']);

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

function element(name: string, value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  const text = String(value);
  return `<${name}>${RAW.has(name) ? text : cdata(text)}</${name}>`;
}

/** An event as WeChat's XML: `<List>` entries inside `<SubscribeMsg…Event>`. */
export function eventToXml(event: SubscribePushEvent, extra: Record<string, string> = {}): string {
  const { List, ...fields } = event;
  const items = Array.isArray(List) ? List : [List];
  const list = items.map((item) => element('List', item)).join('');
  return `<xml>${Object.entries({ ...fields, ...extra })
    .map(([k, v]) => element(k, v))
    .join(
      '',
    )}<${SUBSCRIBE_EVENT_XML_LIST[event.Event]}>${list}</${SUBSCRIBE_EVENT_XML_LIST[event.Event]}></xml>`;
}

/** The safe-mode envelope in either format. */
export function envelope(format: 'json' | 'xml', toUserName: string, encrypted: string): string {
  return format === 'json'
    ? JSON.stringify({ ToUserName: toUserName, Encrypt: encrypted })
    : `<xml>${element('ToUserName', toUserName)}${element('Encrypt', encrypted)}</xml>`;
}
