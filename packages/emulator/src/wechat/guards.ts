import { Errcode } from '@wxtpl/shared-types';
import type { BodyResult } from '../http/body.js';
import type { RequestContext } from '../http/context.js';
import { isReply, type Reply, wechatError } from '../http/reply.js';
import type { AppRecord } from '../state/apps.js';

/** A WeChat POST endpoint once method, token and body have been checked. */
export type WeChatPostHandler = (
  ctx: RequestContext,
  app: AppRecord,
  body: Record<string, unknown>,
) => Reply;

/**
 * Wraps a WeChat POST endpoint with the checks WeChat makes first, in its order: method (43002),
 * access_token (41001 missing, 40001 invalid or stale, 42001 expired), body (44002 empty,
 * 47001 malformed or not an object).
 */
export function wechatPost(handler: WeChatPostHandler) {
  return (ctx: RequestContext): Reply => {
    if (ctx.method !== 'POST') return wechatError(Errcode.REQUIRE_POST_METHOD);
    const auth = authenticate(ctx);
    if (isReply(auth)) return auth;
    const body = objectBody(ctx.body);
    return isReply(body) ? body : handler(ctx, auth, body);
  };
}

/** A POST body as WeChat reads it: 44002 empty, 47001 malformed or not a JSON object. */
export function objectBody(body: BodyResult): Record<string, unknown> | Reply {
  if (body.kind === 'empty') return wechatError(Errcode.EMPTY_POST_DATA);
  if (body.kind === 'too_large')
    return { ...wechatError(Errcode.DATA_FORMAT_ERROR, 'body too large'), close: true };
  if (body.kind === 'malformed') return wechatError(Errcode.DATA_FORMAT_ERROR);
  const value = body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return wechatError(Errcode.DATA_FORMAT_ERROR, 'body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** A WeChat GET endpoint once method and token have been checked. */
export type WeChatGetHandler = (ctx: RequestContext, app: AppRecord) => Reply;

/** Wraps a WeChat GET endpoint: method (43001), then access_token as {@link wechatPost}. */
export function wechatGet(handler: WeChatGetHandler) {
  return (ctx: RequestContext): Reply => {
    if (ctx.method !== 'GET') return wechatError(Errcode.REQUIRE_GET_METHOD);
    const auth = authenticate(ctx);
    return isReply(auth) ? auth : handler(ctx, auth);
  };
}

/** The app behind the request's `access_token`, or WeChat's refusal. */
export function authenticate(ctx: RequestContext): AppRecord | Reply {
  const token = ctx.query.get('access_token');
  if (token === null || token === '') return wechatError(Errcode.ACCESS_TOKEN_MISSING);
  const { state } = ctx;
  const check = state.tokens.check(token, state.clock.now());
  if (!check.ok) return wechatError(check.errcode);
  const app = state.apps.get(check.appId);
  return app ?? wechatError(Errcode.INVALID_CREDENTIAL);
}

/** A non-negative integer field, or undefined. */
export function intField(body: Record<string, unknown>, key: string): number | undefined {
  const value = Object.hasOwn(body, key) ? body[key] : undefined;
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

/** A non-empty string field, or undefined. */
export function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = Object.hasOwn(body, key) ? body[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * What both send APIs check first, in WeChat's order: the app's send rate (45011/-1), its daily
 * limit (45009, shared by template and subscribe messages), then `touser` (40003). The user the
 * send is for, or WeChat's refusal.
 */
export function sendRecipient(
  ctx: RequestContext,
  app: AppRecord,
  body: Record<string, unknown>,
  now: number,
): string | Reply {
  const { state } = ctx;
  const tooFast = state.sendRates.check(app.appId, app.sendRate);
  if (tooFast !== null) return wechatError(tooFast);
  if (state.quota.used(app.appId, now) >= app.dailySendLimit) {
    return wechatError(Errcode.API_DAILY_LIMIT);
  }
  const touser = stringField(body, 'touser');
  if (touser === undefined || !app.users.has(touser)) return wechatError(Errcode.INVALID_OPENID);
  return touser;
}

/** Checks `offset` (from 0) and `count` (1..20) of the paginated endpoints. */
export function pageParams(
  body: Record<string, unknown>,
): { offset: number; count: number } | Reply {
  const offset = intField(body, 'offset');
  const count = intField(body, 'count');
  if (offset === undefined || offset < 0) {
    return wechatError(Errcode.INVALID_ARGS, 'offset must be an integer from 0');
  }
  if (count === undefined || count < 1 || count > 20) {
    return wechatError(Errcode.INVALID_ARGS, 'count must be an integer 1..20');
  }
  return { offset, count };
}
