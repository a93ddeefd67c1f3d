import {
  SUBSCRIBE_ERRCODE_RULES,
  SUBSCRIBE_TMPL_IDS_MAX,
  type SubscribeErrCodeName,
  type SubscribeResult,
} from '@wxtpl/shared-types';
import type { EmulatorState } from '../emulator-state.js';
import { popupEvent } from '../push/events.js';
import type { AppRecord } from '../state/apps.js';

/** What the user taps for one template, when a popup is shown. */
export type PopupDecision = 'accept' | 'reject';

/** A popup request refused before anything was shown: `fail(err)` on the phone. */
export interface PopupRefusal {
  errCode: number;
  errMsg: string;
}

/** The answer to `wx.requestSubscribeMessage`, as the user model decides it. */
export interface PopupAnswer {
  results: Record<string, SubscribeResult>;
  /** False when no popup was shown: every answer was kept, banned or filtered. */
  popup: boolean;
}

function refuse(name: SubscribeErrCodeName): PopupRefusal {
  const rule = SUBSCRIBE_ERRCODE_RULES[name];
  return { errCode: rule.errCode, errMsg: `requestSubscribeMessage:fail ${rule.en}` };
}

/**
 * The subscribe popup: refuses a request WeChat would refuse (empty ids 10001, an id not a string
 * 10004, more than 3 ids 20003, a banned account 20005, unknown ids 20001, one-time and long-term
 * mixed 20002, the main switch off 20004); otherwise answers each template: `ban` for a banned
 * one, `filter` for a second template of the same title, the kept choice silently where the user
 * asked to keep one, else `decide(id)`. Every `accept` grants one send of a one-time template (or
 * sends until turned off for a long-term one); the answers are pushed as a popup event.
 */
export function answerPopup(
  state: EmulatorState,
  app: AppRecord,
  openid: string,
  templateIds: unknown,
  decide: (templateId: string) => PopupDecision,
  keep: boolean,
): PopupAnswer | PopupRefusal {
  if (!Array.isArray(templateIds) || templateIds.length === 0) return refuse('TMPL_IDS_EMPTY');
  if (!templateIds.every((id) => typeof id === 'string' && id !== '')) {
    return refuse('INVALID_TMPL_ID');
  }
  const ids = [...new Set(templateIds as string[])];
  if (ids.length > SUBSCRIBE_TMPL_IDS_MAX) return refuse('TOO_MANY_TEMPLATES');
  if (app.subscribeBanned) return refuse('APP_BANNED');
  const templates = ids.map((id) => state.subscribeTemplates.get(app.appId, id));
  if (templates.some((t) => t === undefined)) return refuse('TEMPLATES_NOT_FOUND');
  if (new Set(templates.map((t) => t?.type)).size > 1) return refuse('MIXED_TEMPLATE_KINDS');
  if (!state.acceptances.mainSwitch(app.appId, openid)) return refuse('MAIN_SWITCH_OFF');

  const now = state.clock.now();
  const expiresAt = app.subscriptionTtlMs === null ? null : now + app.subscriptionTtlMs;
  const results: Record<string, SubscribeResult> = {};
  const answered: [string, PopupDecision][] = [];
  const titles = new Set<string>();
  let popup = false;
  ids.forEach((id, index) => {
    const template = templates[index];
    if (template === undefined) return;
    if (app.bannedTemplates.has(id)) {
      results[id] = 'ban';
      return;
    }
    if (titles.has(template.title)) {
      results[id] = 'filter';
      return;
    }
    titles.add(template.title);
    let answer = state.acceptances.kept(app.appId, openid, id);
    if (answer === null) {
      popup = true;
      answer = decide(id);
      if (keep) state.acceptances.keep(app.appId, openid, id, answer);
    }
    results[id] = answer;
    answered.push([id, answer]);
    if (answer === 'accept') {
      state.acceptances.grant(app.appId, openid, id, template.type === 3, expiresAt);
    }
  });
  app.users.add(openid);
  if (answered.length > 0) state.push.dispatch(app, popupEvent(app, openid, now, answered));
  state.changed();
  return { results, popup };
}
