import { Errcode, TEMPLATE_KEYWORDS_MAX } from '@wxtpl/shared-types';
import type { EmulatorState } from '../emulator-state.js';
import { type Reply, wechatError, wechatOk } from '../http/reply.js';
import { findLibraryEntry } from '../library/index.js';
import { stringField, wechatPost } from './guards.js';

/** Validates and composes a template for `appId`; shared with the control plane's shortcut. */
export function addTemplate(
  state: EmulatorState,
  appId: string,
  id: unknown,
  keywordIdList: unknown,
): Reply {
  if (typeof id !== 'string' || id === '') return wechatError(Errcode.INVALID_ARGS, 'id missing');
  const entry = findLibraryEntry(id);
  if (entry === undefined) return wechatError(Errcode.INVALID_ARGS, 'no such template title id');
  if (!Array.isArray(keywordIdList) || keywordIdList.length === 0) {
    return wechatError(Errcode.INVALID_ARGS, 'keyword_id_list missing');
  }
  if (keywordIdList.length > TEMPLATE_KEYWORDS_MAX) {
    return wechatError(Errcode.INVALID_ARGS, `at most ${TEMPLATE_KEYWORDS_MAX} keywords`);
  }
  const ids = new Set<number>();
  for (const keywordId of keywordIdList) {
    if (!Number.isSafeInteger(keywordId)) {
      return wechatError(Errcode.INVALID_ARGS, 'keyword ids must be integers');
    }
    if (!entry.keywords.some((k) => k.keyword_id === keywordId)) {
      return wechatError(Errcode.INVALID_ARGS, `keyword_id ${keywordId} not under ${entry.id}`);
    }
    if (ids.has(keywordId)) {
      return wechatError(Errcode.INVALID_ARGS, `keyword_id ${keywordId} repeated`);
    }
    ids.add(keywordId);
  }
  const result = state.templates.add(appId, entry, [...ids]);
  if (!result.ok) return wechatError(Errcode.TEMPLATE_COUNT_LIMIT);
  state.changed();
  return wechatOk({ template_id: result.template.template_id });
}

/** `POST /cgi-bin/wxopen/template/add {id, keyword_id_list}`. */
export const handleTemplateAdd = wechatPost((ctx, app, body) =>
  addTemplate(ctx.state, app.appId, stringField(body, 'id'), body.keyword_id_list),
);
