import type { EmulatorState } from '../emulator-state.js';
import type { Handler } from '../http/context.js';
import { controlError, jsonReply } from '../http/reply.js';
import { changeEvent } from '../push/events.js';
import { describeSubscribeTemplate } from '../state/subscribe-templates.js';
import { answerPopup, type PopupDecision } from '../subscribe/popup.js';
import type { UserSubscriptions } from '../types.js';
import { addSubscribeTemplate } from '../wechat/newtmpl-add.js';
import {
  appRequest,
  controlBody,
  isReply,
  requireString,
  resolveApp,
  userRequest,
} from './common.js';

const DECISIONS: ReadonlySet<unknown> = new Set(['accept', 'reject']);

/**
 * `POST /__emulator/subscribe {appid?, openid, templateIds, decision?, keep?}` →
 * `{results, popup}`: the user answers a subscribe popup. `decision` is `accept` (default),
 * `reject`, or one of them per template id; `keep` ticks "always keep this choice". A request
 * WeChat refuses answers 400 with the phone's `{errCode, errMsg}`.
 */
export const handleSubscribe: Handler = (ctx) => {
  const request = userRequest(ctx);
  if (isReply(request)) return request;
  const { body, app, openid } = request;
  const { decision = 'accept', keep = false } = body;
  if (typeof keep !== 'boolean') return controlError(400, 'keep must be a boolean');
  let decide: (id: string) => PopupDecision;
  if (DECISIONS.has(decision)) decide = () => decision as PopupDecision;
  else if (
    typeof decision === 'object' &&
    decision !== null &&
    !Array.isArray(decision) &&
    Object.values(decision).every((d) => DECISIONS.has(d))
  ) {
    const byId = decision as Record<string, PopupDecision>;
    decide = (id) => (Object.hasOwn(byId, id) ? (byId[id] as PopupDecision) : 'accept');
  } else {
    return controlError(400, "decision must be 'accept', 'reject' or {templateId: decision}");
  }
  const answer = answerPopup(ctx.state, app, openid, body.templateIds, decide, keep);
  if ('errCode' in answer) return jsonReply({ error: answer.errMsg, ...answer }, 400);
  return jsonReply(answer);
};

/**
 * `POST /__emulator/subscriptions/change {appid?, openid, templateId}`: the user turns the
 * template off in the settings; its acceptances are gone and the change event is pushed.
 */
export const handleSubscriptionChange: Handler = (ctx) => {
  const request = userRequest(ctx);
  if (isReply(request)) return request;
  const { body, app, openid } = request;
  const templateId = requireString(body, 'templateId');
  if (isReply(templateId)) return templateId;
  if (ctx.state.subscribeTemplates.get(app.appId, templateId) === undefined) {
    return controlError(404, `no subscribe template ${templateId} in ${app.appId}`);
  }
  const now = ctx.state.clock.now();
  ctx.state.acceptances.turnOff(app.appId, openid, templateId);
  ctx.state.push.dispatch(app, changeEvent(app, openid, now, templateId));
  ctx.state.changed();
  return jsonReply({ templateId, status: 'reject' });
};

/** `GET /__emulator/subscriptions?appid=&openid=`: the user's settings and acceptances. */
export const handleSubscriptions: Handler = (ctx) => {
  const app = resolveApp(ctx, ctx.query.get('appid'));
  if (isReply(app)) return app;
  const openid = ctx.query.get('openid');
  if (!openid) return controlError(400, 'openid is required');
  return jsonReply(userSubscriptions(ctx.state, app.appId, openid));
};

/** What the phone knows of a user's choices (`wx.getSetting`) and the sends left. */
export function userSubscriptions(
  state: EmulatorState,
  appId: string,
  openid: string,
): UserSubscriptions {
  const app = state.apps.get(appId);
  const subscriptions = state.acceptances.list(appId, openid, state.clock.now());
  const itemSettings: Record<string, 'accept' | 'reject' | 'ban'> = {};
  for (const { templateId, kept } of subscriptions) {
    if (kept !== null)
      itemSettings[templateId] = app?.bannedTemplates.has(templateId) ? 'ban' : kept;
  }
  const setting: UserSubscriptions['setting'] = {
    mainSwitch: state.acceptances.mainSwitch(appId, openid),
  };
  if (Object.keys(itemSettings).length > 0) setting.itemSettings = itemSettings;
  return { setting, subscriptions };
}

/** `POST /__emulator/subscriptions/main-switch {appid?, openid, on}`: "接收订阅消息". */
export const handleMainSwitch: Handler = (ctx) => {
  const request = userRequest(ctx);
  if (isReply(request)) return request;
  const { body, app, openid } = request;
  if (typeof body.on !== 'boolean') return controlError(400, 'on must be a boolean');
  ctx.state.acceptances.setMainSwitch(app.appId, openid, body.on);
  app.users.add(openid);
  ctx.state.changed();
  return jsonReply({ mainSwitch: body.on });
};

/**
 * `POST /__emulator/subscriptions/grant {appid?, openid, templateId, count?}`: test setup — what
 * `count` accepted popups would grant, without popups or pushes.
 */
export const handleGrant: Handler = (ctx) => {
  const request = userRequest(ctx);
  if (isReply(request)) return request;
  const { body, app, openid } = request;
  const templateId = requireString(body, 'templateId');
  if (isReply(templateId)) return templateId;
  const template = ctx.state.subscribeTemplates.get(app.appId, templateId);
  if (template === undefined) {
    return controlError(404, `no subscribe template ${templateId} in ${app.appId}`);
  }
  const count = body.count ?? 1;
  if (!Number.isSafeInteger(count) || (count as number) < 1 || (count as number) > 100_000) {
    return controlError(400, 'count must be an integer 1..100000');
  }
  const now = ctx.state.clock.now();
  const expiresAt = app.subscriptionTtlMs === null ? null : now + app.subscriptionTtlMs;
  for (let i = 0; i < (count as number); i++) {
    ctx.state.acceptances.grant(app.appId, openid, templateId, template.type === 3, expiresAt);
  }
  app.users.add(openid);
  ctx.state.changed();
  const view = ctx.state.acceptances
    .list(app.appId, openid, now)
    .find((s) => s.templateId === templateId);
  return jsonReply({ oneTime: view?.oneTime ?? 0, longTerm: view?.longTerm ?? false });
};

/**
 * `POST /__emulator/subscribe-templates {appid?, tid, kidList, sceneDesc?}` → `{priTmplId}`:
 * adds a subscribe template without a token (test setup). `GET` lists them as `gettemplate`.
 */
export const handleSubscribeTemplates: Handler = (ctx) => {
  if (ctx.method === 'GET') {
    const app = resolveApp(ctx, ctx.query.get('appid'));
    if (isReply(app)) return app;
    return jsonReply({
      templates: ctx.state.subscribeTemplates.list(app.appId).map(describeSubscribeTemplate),
    });
  }
  const body = controlBody(ctx);
  if (isReply(body)) return body;
  const app = resolveApp(ctx, body.appid);
  if (isReply(app)) return app;
  const reply = addSubscribeTemplate(ctx.state, app, body);
  const result = reply.body as { errcode: number; errmsg: string; priTmplId?: string };
  if (result.errcode !== 0) {
    return controlError(400, `${result.errmsg} (errcode ${result.errcode})`);
  }
  return jsonReply({ priTmplId: result.priTmplId });
};

/**
 * `POST /__emulator/subscribe-bans {appid?, templateId?, banned?}`: WeChat bans (or, with
 * `banned: false`, lifts the ban of) a template, or without `templateId` the account's subscribe
 * messages.
 */
export const handleSubscribeBans: Handler = (ctx) => {
  const request = appRequest(ctx);
  if (isReply(request)) return request;
  const { body, app } = request;
  const banned = body.banned ?? true;
  if (typeof banned !== 'boolean') return controlError(400, 'banned must be a boolean');
  if (body.templateId === undefined) app.subscribeBanned = banned;
  else {
    const templateId = requireString(body, 'templateId');
    if (isReply(templateId)) return templateId;
    if (banned) app.bannedTemplates.add(templateId);
    else app.bannedTemplates.delete(templateId);
  }
  ctx.state.changed();
  return jsonReply({
    appid: app.appId,
    account: app.subscribeBanned,
    templates: [...app.bannedTemplates],
  });
};

/** `POST /__emulator/sensitive-words {appid?, words}`: words that make a send answer 45168. */
export const handleSensitiveWords: Handler = (ctx) => {
  const request = appRequest(ctx);
  if (isReply(request)) return request;
  const { body, app } = request;
  const { words } = body;
  if (!Array.isArray(words) || !words.every((w) => typeof w === 'string' && w !== '')) {
    return controlError(400, 'words must be an array of non-empty strings');
  }
  app.sensitiveWords = [...new Set(words as string[])];
  ctx.state.changed();
  return jsonReply({ appid: app.appId, words: app.sensitiveWords });
};
