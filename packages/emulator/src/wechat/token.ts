import { Errcode } from '@wxtpl/shared-types';
import type { RequestContext } from '../http/context.js';
import { isReply, jsonReply, type Reply, wechatError } from '../http/reply.js';
import { authenticateApp } from './app-credentials.js';

/** `GET /cgi-bin/token?grant_type=client_credential&appid=&secret=`. */
export function handleToken(ctx: RequestContext): Reply {
  const { query, state } = ctx;
  if (query.get('grant_type') !== 'client_credential')
    return wechatError(Errcode.INVALID_GRANT_TYPE);
  const app = authenticateApp(ctx);
  if (isReply(app)) return app;
  const { token, expiresIn } = state.tokens.issue(app.appId, state.clock.now());
  state.stats.tokensIssued += 1;
  state.changed();
  return jsonReply({ access_token: token, expires_in: expiresIn });
}
