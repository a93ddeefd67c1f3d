import { Errcode } from '@wxtpl/shared-types';
import { isReply, wechatError, wechatOk } from '../http/reply.js';
import { normalisePage } from '../state/apps.js';
import { sendRecipient, stringField, wechatPost } from './guards.js';
import { parseSendData, renderKeywords } from './render.js';

/**
 * `POST /cgi-bin/message/wxopen/template/send`. Every check is an O(1) lookup; the credit is
 * spent only when the message is delivered.
 */
export const handleSend = wechatPost((ctx, app, body) => {
  const { state } = ctx;
  const now = state.clock.now();
  const refuse = wechatError;
  const touser = sendRecipient(ctx, app, body, now);
  if (isReply(touser)) return touser;
  const templateId = stringField(body, 'template_id');
  const template =
    templateId === undefined ? undefined : state.templates.get(app.appId, templateId);
  if (template === undefined || templateId === undefined)
    return refuse(Errcode.INVALID_TEMPLATE_ID);
  const formId = stringField(body, 'form_id');
  if (formId === undefined) return refuse(Errcode.INVALID_FORM_ID);
  const creditProblem = state.credits.check(formId, app.appId, touser, now);
  if (creditProblem !== null) return refuse(creditProblem);
  const page = body.page;
  if (page !== undefined && page !== null && page !== '') {
    if (typeof page !== 'string') return refuse(Errcode.INVALID_PAGE);
    if (app.pages !== null && !app.pages.has(normalisePage(page)))
      return refuse(Errcode.INVALID_PAGE);
  }
  const data = parseSendData(body.data);
  if (data === null)
    return refuse(Errcode.DATA_FORMAT_ERROR, 'data must be {keywordN: {value, color}}');
  const emphasis = stringField(body, 'emphasis_keyword') ?? null;
  const color = stringField(body, 'color');

  state.credits.spend(formId);
  state.quota.record(app.appId, now);
  state.inbox.deliver({
    kind: 'template',
    id: state.inbox.nextId(),
    appid: app.appId,
    touser,
    template_id: templateId,
    title: template.title,
    page: typeof page === 'string' && page !== '' ? page : null,
    form_id: formId,
    data,
    emphasis_keyword: emphasis,
    receivedAt: now,
    keywords: renderKeywords(template.keywords, data, color),
  });
  state.changed();
  return wechatOk();
});
