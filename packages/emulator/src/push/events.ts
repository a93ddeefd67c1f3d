import {
  type ChangeEventItem,
  type PopupEventItem,
  type SentEventItem,
  SubscribeEvent,
  type SubscribePushEvent,
} from '@wxtpl/shared-types';
import type { AppRecord } from '../state/apps.js';

function base(app: AppRecord, openid: string, now: number) {
  return {
    ToUserName: app.originalId,
    FromUserName: openid,
    CreateTime: Math.floor(now / 1000),
    MsgType: 'event' as const,
  };
}

/** The user answered a popup in a mini-program page. */
export function popupEvent(
  app: AppRecord,
  openid: string,
  now: number,
  answers: [templateId: string, status: 'accept' | 'reject'][],
): SubscribePushEvent {
  const list: PopupEventItem[] = answers.map(([TemplateId, SubscribeStatusString]) => ({
    TemplateId,
    SubscribeStatusString,
    PopupScene: '0',
  }));
  return { ...base(app, openid, now), Event: SubscribeEvent.popup, List: list };
}

/** The user turned a template off in the service-notification settings. */
export function changeEvent(
  app: AppRecord,
  openid: string,
  now: number,
  templateId: string,
): SubscribePushEvent {
  const list: ChangeEventItem[] = [{ TemplateId: templateId, SubscribeStatusString: 'reject' }];
  return { ...base(app, openid, now), Event: SubscribeEvent.change, List: list };
}

/** The final outcome of a subscribe send. */
export function sentEvent(
  app: AppRecord,
  openid: string,
  now: number,
  templateId: string,
  msgid: number,
): SubscribePushEvent {
  const item: SentEventItem = {
    TemplateId: templateId,
    MsgID: String(msgid),
    ErrorCode: '0',
    ErrorStatus: 'success',
  };
  return { ...base(app, openid, now), Event: SubscribeEvent.sent, List: item };
}
