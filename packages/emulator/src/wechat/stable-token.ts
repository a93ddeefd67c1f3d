import { Errcode } from '@wxtpl/shared-types';
import type { RequestContext } from '../http/context.js';
import { isReply, jsonReply, type Reply, wechatError } from '../http/reply.js';
import { checkAppCredentials } from './app-credentials.js';
import { objectBody, stringField } from './guards.js';

/**
 * `POST /cgi-bin/stable_token` with `{grant_type, appid, secret, force_refresh?}` as JSON: every
 * caller gets the same token while it is valid, and tokens of `GET /cgi-bin/token` are untouched.
 */
export function handleStableToken(ctx: RequestContext): Reply {
  const { state } = ctx;
  if (ctx.method !== 'POST') return wechatError(Errcode.REQUIRE_POST_METHOD);
  const record = objectBody(ctx.body);
  if (isReply(record)) return record;
  if (stringField(record, 'grant_type') !== 'client_credential') {
    return wechatError(Errcode.INVALID_GRANT_TYPE);
  }
  const force = Object.hasOwn(record, 'force_refresh') ? record.force_refresh : false;
  if (typeof force !== 'boolean') {
    return wechatError(Errcode.INVALID_ARGS, 'force_refresh must be a boolean');
  }
  const app = checkAppCredentials(
    state,
    stringField(record, 'appid'),
    stringField(record, 'secret'),
  );
  if (isReply(app)) return app;
  const result = state.tokens.issueStable(app.appId, state.clock.now(), force);
  if (!result.ok) return wechatError(result.errcode);
  if (result.issued) {
    state.stats.tokensIssued += 1;
    state.changed();
  }
  return jsonReply({ access_token: result.token, expires_in: result.expiresIn });
}
