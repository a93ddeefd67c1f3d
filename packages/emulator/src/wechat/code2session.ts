import { Errcode } from '@wxtpl/shared-types';
import type { RequestContext } from '../http/context.js';
import { MISSING_CODE } from '../http/errmsg.js';
import { isReply, jsonReply, type Reply, wechatError } from '../http/reply.js';
import { devtoolsOpenid, newSessionKey } from '../state/ids.js';
import { authenticateApp } from './app-credentials.js';

/** `GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code`. */
export function handleCode2Session(ctx: RequestContext): Reply {
  const { query, state } = ctx;
  const app = authenticateApp(ctx);
  if (isReply(app)) return app;
  if (query.get('grant_type') !== 'authorization_code') {
    return wechatError(Errcode.INVALID_GRANT_TYPE);
  }
  const code = query.get('js_code');
  if (!code) return wechatError(MISSING_CODE);
  const openid =
    state.loginCodes.exchange(code, app.appId, state.clock.now()) ??
    (app.devtoolsLogin ? devtoolsOpenid(app.appId) : null);
  if (openid === null) return wechatError(Errcode.INVALID_CODE);
  app.users.add(openid);
  state.changed();
  return jsonReply({ session_key: newSessionKey(), openid });
}
