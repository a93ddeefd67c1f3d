import { Errcode } from '@wxtpl/shared-types';
import type { EmulatorState } from '../emulator-state.js';
import type { RequestContext } from '../http/context.js';
import { type Reply, wechatError } from '../http/reply.js';
import type { AppRecord } from '../state/apps.js';

/** The `appid` and `secret` query parameters, checked as {@link checkAppCredentials}. */
export function authenticateApp({ query, state }: RequestContext): AppRecord | Reply {
  return checkAppCredentials(state, query.get('appid'), query.get('secret'));
}

/** An AppID and AppSecret, checked the way WeChat does (41002, 40013, 41004, 40125). */
export function checkAppCredentials(
  state: EmulatorState,
  appid: string | null | undefined,
  secret: string | null | undefined,
): AppRecord | Reply {
  if (!appid) return wechatError(Errcode.APPID_MISSING);
  const app = state.apps.get(appid);
  if (app === undefined) return wechatError(Errcode.INVALID_APPID);
  if (!secret) return wechatError(Errcode.APPSECRET_MISSING);
  if (secret !== app.appSecret) return wechatError(Errcode.INVALID_APPSECRET);
  return app;
}
