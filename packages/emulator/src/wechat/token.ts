import { Errcode } from '@wxtpl/shared-types';
import type { RequestContext } from '../http/context.js';
import { jsonReply, type Reply, wechatError } from '../http/reply.js';

/** `GET /cgi-bin/token?grant_type=client_credential&appid=&secret=`. */
export function handleToken(ctx: RequestContext): Reply {
  const { query, state } = ctx;
  if (query.get('grant_type') !== 'client_credential')
    return wechatError(Errcode.INVALID_GRANT_TYPE);
  const appid = query.get('appid');
  if (!appid) return wechatError(Errcode.APPID_MISSING);
  const app = state.apps.get(appid);
  if (app === undefined) return wechatError(Errcode.INVALID_APPID);
  const secret = query.get('secret');
  if (!secret) return wechatError(Errcode.APPSECRET_MISSING);
  if (secret !== app.appSecret) return wechatError(Errcode.INVALID_APPSECRET);
  const { token, expiresIn } = state.tokens.issue(app.appId, state.clock.now());
  state.stats.tokensIssued += 1;
  state.changed();
  return jsonReply({ access_token: token, expires_in: expiresIn });
}
