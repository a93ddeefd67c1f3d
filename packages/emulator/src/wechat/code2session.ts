import { Errcode } from '@wxtpl/shared-types';
import type { RequestContext } from '../http/context.js';
import { jsonReply, type Reply, wechatError } from '../http/reply.js';
import { newSessionKey } from '../state/ids.js';
import { MISSING_CODE } from './errmsg.js';

/** `GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code`. */
export function handleCode2Session(ctx: RequestContext): Reply {
  const { query, state } = ctx;
  const appid = query.get('appid');
  if (!appid) return wechatError(Errcode.APPID_MISSING);
  const app = state.apps.get(appid);
  if (app === undefined) return wechatError(Errcode.INVALID_APPID);
  const secret = query.get('secret');
  if (!secret) return wechatError(Errcode.APPSECRET_MISSING);
  if (secret !== app.appSecret) return wechatError(Errcode.INVALID_APPSECRET);
  if (query.get('grant_type') !== 'authorization_code') {
    return wechatError(Errcode.INVALID_GRANT_TYPE);
  }
  const code = query.get('js_code');
  if (!code) return wechatError(MISSING_CODE);
  const openid = state.loginCodes.exchange(code, app.appId, state.clock.now());
  if (openid === null) return wechatError(Errcode.INVALID_CODE);
  app.users.add(openid);
  state.changed();
  return jsonReply({ session_key: newSessionKey(), openid });
}
