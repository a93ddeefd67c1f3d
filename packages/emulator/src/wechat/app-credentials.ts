import { Errcode } from '@wxtpl/shared-types';
import type { RequestContext } from '../http/context.js';
import { type Reply, wechatError } from '../http/reply.js';
import type { AppRecord } from '../state/apps.js';

/** The `appid` and `secret` query parameters, checked the way WeChat does (41002, 40013, 41004, 40125). */
export function authenticateApp({ query, state }: RequestContext): AppRecord | Reply {
  const appid = query.get('appid');
  if (!appid) return wechatError(Errcode.APPID_MISSING);
  const app = state.apps.get(appid);
  if (app === undefined) return wechatError(Errcode.INVALID_APPID);
  const secret = query.get('secret');
  if (!secret) return wechatError(Errcode.APPSECRET_MISSING);
  if (secret !== app.appSecret) return wechatError(Errcode.INVALID_APPSECRET);
  return app;
}
