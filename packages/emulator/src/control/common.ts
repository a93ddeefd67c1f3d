import type { RequestContext } from '../http/context.js';
import { controlError, isReply, type Reply } from '../http/reply.js';

export { isReply };

import type { AppRecord } from '../state/apps.js';

/** The JSON object body of a control-plane call (an empty body counts as `{}`). */
export function controlBody(ctx: RequestContext): Record<string, unknown> | Reply {
  const { body } = ctx;
  if (body.kind === 'empty') return {};
  if (body.kind === 'too_large') return { ...controlError(413, 'body too large'), close: true };
  if (body.kind === 'malformed') return controlError(400, 'body is not valid JSON');
  const value = body.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return controlError(400, 'body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The app named by `appid` (in the body or the query), defaulting to the first configured app. */
export function resolveApp(ctx: RequestContext, appid: unknown): AppRecord | Reply {
  if (appid === undefined || appid === null || appid === '') {
    return ctx.state.apps.first() ?? controlError(404, 'no app is registered');
  }
  if (typeof appid !== 'string') return controlError(400, 'appid must be a string');
  return ctx.state.apps.get(appid) ?? controlError(404, `unknown appid ${appid}`);
}

/** A required non-empty string field. */
export function requireString(body: Record<string, unknown>, key: string): string | Reply {
  const value = Object.hasOwn(body, key) ? body[key] : undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    return controlError(400, `${key} must be a non-empty string`);
  }
  return value;
}

/** Only POST is accepted by control-plane writes. */
export function requirePost(ctx: RequestContext): Reply | undefined {
  return ctx.method === 'POST' ? undefined : controlError(405, `${ctx.path} requires POST`);
}

/** A control-plane POST naming one app: `{appid?, ...}`. */
export function appRequest(
  ctx: RequestContext,
): { body: Record<string, unknown>; app: AppRecord } | Reply {
  const body = requirePost(ctx) ?? controlBody(ctx);
  if (isReply(body)) return body;
  const app = resolveApp(ctx, body.appid);
  if (isReply(app)) return app;
  return { body, app };
}

/** A control-plane POST naming one user of one app: `{appid?, openid, ...}`. */
export function userRequest(
  ctx: RequestContext,
): { body: Record<string, unknown>; app: AppRecord; openid: string } | Reply {
  const request = appRequest(ctx);
  if (isReply(request)) return request;
  const { body, app } = request;
  const openid = requireString(body, 'openid');
  if (isReply(openid)) return openid;
  return { body, app, openid };
}
