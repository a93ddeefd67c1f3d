import {
  Errcode,
  type MiniprogramState,
  type SubscribeLang,
  type SubscribeSendData,
} from '@wxtpl/shared-types';
import { isReply, wechatError, wechatErrorMessage, wechatOk } from '../http/reply.js';
import { sentEvent } from '../push/events.js';
import { normalisePage } from '../state/apps.js';
import type { SubscribeTemplateKeyword } from '../state/subscribe-templates.js';
import { userKey } from '../state/user-key.js';
import { sendRecipient, stringField, wechatPost } from './guards.js';
import { acceptsKeywordValue } from './keyword-rules.js';

const STATES: ReadonlySet<string> = new Set(['developer', 'trial', 'formal']);
const LANGS: ReadonlySet<string> = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);
/** `msgid`s count up from here, like WeChat's 19-digit ids but within safe integers. */
const MSGID_BASE = 3_000_000_000_000_000;

/**
 * `POST /cgi-bin/message/subscribe/send`. Checks in WeChat's order, each an O(1) lookup (the
 * data check is linear in the keywords): the app's send rate 45011/-1 and daily limit 45009
 * (shared with template messages), touser 40003, template_id 40037, bans 43107, page 41030,
 * data 47003 (the field named in errmsg), sensitive words 45168, a send to the user in flight
 * 43108, an acceptance 43101. A refused send consumes nothing; a delivered one consumes a
 * one-time acceptance and triggers the sent event.
 */
export const handleSubscribeSend = wechatPost((ctx, app, body) => {
  const { state } = ctx;
  const now = state.clock.now();
  const touser = sendRecipient(ctx, app, body, now);
  if (isReply(touser)) return touser;
  const templateId = stringField(body, 'template_id');
  const template =
    templateId === undefined ? undefined : state.subscribeTemplates.get(app.appId, templateId);
  if (template === undefined || templateId === undefined) {
    return wechatError(Errcode.INVALID_TEMPLATE_ID);
  }
  if (app.subscribeBanned || app.bannedTemplates.has(templateId)) {
    return wechatError(Errcode.SUBSCRIBE_BANNED);
  }
  const page = body.page;
  if (page !== undefined && page !== null && page !== '') {
    if (typeof page !== 'string') return wechatError(Errcode.INVALID_PAGE);
    if (app.pages !== null && !app.pages.has(normalisePage(page))) {
      return wechatError(Errcode.INVALID_PAGE);
    }
  }
  const miniprogramState = body.miniprogram_state ?? 'formal';
  if (typeof miniprogramState !== 'string' || !STATES.has(miniprogramState)) {
    return invalid('miniprogram_state');
  }
  const lang = body.lang ?? 'zh_CN';
  if (typeof lang !== 'string' || !LANGS.has(lang)) return invalid('lang');
  const values = readData(body.data, template.keywords);
  if (typeof values === 'string') return invalid(values);
  if (app.sensitiveWords.some((word) => values.some((value) => value.includes(word)))) {
    return wechatError(Errcode.SENSITIVE_WORD);
  }
  const user = userKey(app.appId, touser);
  if (state.sendsInFlight.has(user)) return wechatError(Errcode.CONCURRENT_SEND);
  if (!state.acceptances.holds(app.appId, touser, templateId, now)) {
    return wechatError(Errcode.USER_NOT_SUBSCRIBED);
  }

  state.acceptances.consume(app.appId, touser, templateId, now);
  state.quota.record(app.appId, now);
  const id = state.inbox.nextId();
  const msgid = MSGID_BASE + id;
  state.inbox.deliver({
    kind: 'subscribe',
    id,
    appid: app.appId,
    touser,
    template_id: templateId,
    title: template.title,
    templateType: template.type,
    page: typeof page === 'string' && page !== '' ? page : null,
    form_id: null,
    data: body.data as SubscribeSendData,
    emphasis_keyword: null,
    miniprogram_state: miniprogramState as MiniprogramState,
    lang: lang as SubscribeLang,
    msgid,
    receivedAt: now,
    keywords: template.keywords.map((k, i) => ({ name: k.name, value: values[i] as string })),
  });
  if (app.push !== null) state.push.dispatch(app, sentEvent(app, touser, now, templateId, msgid));
  state.changed();
  state.sendsInFlight.add(user);
  return wechatOk({ msgid }, () => state.sendsInFlight.delete(user));
});

/** 47003 naming the field, in WeChat's words. */
function invalid(field: string) {
  return wechatErrorMessage(Errcode.INVALID_TEMPLATE_DATA, `argument invalid! ${field} invalid`);
}

/**
 * The value of every keyword of the template, in content order, each checked against its kind's
 * rule; or the path of the first one missing or refused (`data.thing1.value`). Keys the template
 * lacks are ignored, as WeChat does.
 */
function readData(data: unknown, keywords: SubscribeTemplateKeyword[]): string[] | string {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data';
  const values: string[] = [];
  for (const keyword of keywords) {
    const entry = Object.hasOwn(data, keyword.slot)
      ? (data as Record<string, unknown>)[keyword.slot]
      : undefined;
    const value =
      typeof entry === 'object' && entry !== null
        ? (entry as { value?: unknown }).value
        : undefined;
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !acceptsKeywordValue(keyword.rule, text, keyword.enumValues)) {
      return `data.${keyword.slot}.value`;
    }
    values.push(text);
  }
  return values;
}
