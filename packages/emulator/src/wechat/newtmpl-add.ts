import {
  countCharacters,
  Errcode,
  SCENE_DESC_MAX_LENGTH,
  SUBSCRIBE_KEYWORDS_MAX,
  SUBSCRIBE_KEYWORDS_MIN,
} from '@wxtpl/shared-types';
import type { EmulatorState } from '../emulator-state.js';
import { type Reply, wechatError, wechatOk } from '../http/reply.js';
import { findSubscribeTitle } from '../library/subscribe.js';
import type { AppRecord } from '../state/apps.js';
import { newtmplPost } from './newtmpl-guards.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Validates and adds a subscribe template for `app` (shared with the control plane's shortcut):
 * 200014 tid, 200013 banned title, 200020 kidList (2 to 5 distinct kids of the title), 200021
 * sceneDesc (at most 15 characters), 200012 at 50 templates.
 */
export function addSubscribeTemplate(
  state: EmulatorState,
  app: AppRecord,
  body: Record<string, unknown>,
): Reply {
  const { tid, kidList, sceneDesc } = body;
  const tidNumber = typeof tid === 'string' && /^\d{1,9}$/.test(tid) ? Number(tid) : tid;
  const title =
    typeof tidNumber === 'number' && Number.isSafeInteger(tidNumber)
      ? findSubscribeTitle(tidNumber)
      : undefined;
  if (title === undefined) return wechatError(Errcode.INVALID_TID);
  if (title.banned) return wechatError(Errcode.TEMPLATE_BANNED);
  if (
    !Array.isArray(kidList) ||
    kidList.length < SUBSCRIBE_KEYWORDS_MIN ||
    kidList.length > SUBSCRIBE_KEYWORDS_MAX ||
    new Set(kidList).size !== kidList.length ||
    !kidList.every((kid) => title.keywords.some((k) => k.kid === kid))
  ) {
    return wechatError(Errcode.INVALID_KID_LIST);
  }
  if (
    sceneDesc !== undefined &&
    (typeof sceneDesc !== 'string' ||
      sceneDesc.trim() === '' ||
      countCharacters(sceneDesc) > SCENE_DESC_MAX_LENGTH ||
      CONTROL.test(sceneDesc))
  ) {
    return wechatError(Errcode.INVALID_SCENE_DESC);
  }
  const record = state.subscribeTemplates.add(
    app.appId,
    title,
    kidList as number[],
    (sceneDesc as string | undefined) ?? '',
  );
  if (record === null) return wechatError(Errcode.PRIVATE_TEMPLATE_LIMIT);
  state.changed();
  return wechatOk({ priTmplId: record.priTmplId });
}

/** `POST /wxaapi/newtmpl/addtemplate {tid, kidList, sceneDesc?}` → `{priTmplId}`. */
export const handleSubscribeTemplateAdd = newtmplPost((ctx, app, body) =>
  addSubscribeTemplate(ctx.state, app, body),
);
