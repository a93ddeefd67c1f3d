import { Errcode } from '@wxtpl/shared-types';
import type { Handler } from '../http/context.js';
import { controlError, jsonReply } from '../http/reply.js';
import { parseFaultRules } from '../state/faults.js';
import { type PushConfigInput, parsePushConfig } from '../state/push-config.js';
import { isSendRateErrcode } from '../state/send-rate.js';
import { appRequest, controlBody, isReply, requirePost, requireString } from './common.js';

/** The most one call moves the clock: ten years, far past any WeChat validity, far from overflow. */
const MAX_ADVANCE_SECONDS = 10 * 365 * 86_400;

/** `GET /__emulator/stats`. */
export const handleStats: Handler = (ctx) => jsonReply(ctx.state.stats.snapshot());

/** `POST /__emulator/clock {advanceSeconds}` → `{now}` (virtual epoch ms); GET reads it. */
export const handleClock: Handler = (ctx) => {
  if (ctx.method === 'GET') return jsonReply({ now: ctx.state.clock.now() });
  const body = controlBody(ctx);
  if (isReply(body)) return body;
  const seconds = body.advanceSeconds;
  if (typeof seconds !== 'number' || !(seconds >= 0 && seconds <= MAX_ADVANCE_SECONDS)) {
    return controlError(400, `advanceSeconds must be a number from 0 to ${MAX_ADVANCE_SECONDS}`);
  }
  const now = ctx.state.clock.advance(seconds);
  ctx.state.changed();
  return jsonReply({ now });
};

/** `POST /__emulator/faults {rules}` replaces the rules; GET lists them. */
export const handleFaults: Handler = (ctx) => {
  if (ctx.method === 'GET') return jsonReply({ rules: ctx.state.faults.list() });
  const body = controlBody(ctx);
  if (isReply(body)) return body;
  const rules = parseFaultRules(body);
  if (typeof rules === 'string') return controlError(400, rules);
  ctx.state.faults.replace(rules);
  return jsonReply({ rules });
};

/** `POST /__emulator/reset`: back to the configured apps and nothing else. */
export const handleReset: Handler = (ctx) => {
  const refused = requirePost(ctx);
  if (refused) return refused;
  ctx.state.reset();
  return jsonReply({ ok: true });
};

/** `POST /__emulator/tokens/invalidate {appid?}`: every token of the app answers 40001. */
export const handleInvalidateTokens: Handler = (ctx) => {
  const request = appRequest(ctx);
  if (isReply(request)) return request;
  const { app } = request;
  const invalidated = ctx.state.tokens.invalidateApp(app.appId);
  ctx.state.changed();
  return jsonReply({ appid: app.appId, invalidated });
};

/**
 * `POST /__emulator/limits {appid?, dailySendLimit?, subscriptionTtlSeconds?, sendRatePerSecond?,
 * sendRateErrcode?}`: the daily send limit (45009 once reached), how long one-time acceptances
 * last (null: forever, WeChat's documented behaviour), and the sends per second both send APIs
 * take before answering `sendRateErrcode` (45011 by default, or -1; null: no rate).
 */
export const handleLimits: Handler = (ctx) => {
  const request = appRequest(ctx);
  if (isReply(request)) return request;
  const { body, app } = request;
  const { dailySendLimit: limit, subscriptionTtlSeconds: ttl } = body;
  const { sendRatePerSecond: rate, sendRateErrcode: rateErrcode } = body;
  if (limit === undefined && ttl === undefined && rate === undefined) {
    return controlError(400, 'give dailySendLimit, subscriptionTtlSeconds or sendRatePerSecond');
  }
  if (rate !== undefined && rate !== null && !(typeof rate === 'number' && rate > 0)) {
    return controlError(400, 'sendRatePerSecond must be a number > 0, or null');
  }
  if (rateErrcode !== undefined && !isSendRateErrcode(rateErrcode)) {
    return controlError(400, 'sendRateErrcode must be 45011 or -1');
  }
  if (limit !== undefined && (!Number.isSafeInteger(limit) || (limit as number) < 0)) {
    return controlError(400, 'dailySendLimit must be a non-negative integer');
  }
  if (ttl !== undefined && ttl !== null && (!Number.isSafeInteger(ttl) || (ttl as number) < 1)) {
    return controlError(400, 'subscriptionTtlSeconds must be a positive integer or null');
  }
  if (limit !== undefined) app.dailySendLimit = limit as number;
  if (ttl !== undefined) app.subscriptionTtlMs = ttl === null ? null : (ttl as number) * 1000;
  if (rate !== undefined) {
    app.sendRate =
      rate === null
        ? null
        : {
            perSecond: rate as number,
            errcode: isSendRateErrcode(rateErrcode) ? rateErrcode : Errcode.API_MINUTE_LIMIT,
          };
    ctx.state.sendRates.reset(app.appId);
  }
  ctx.state.changed();
  const usedToday = ctx.state.quota.used(app.appId, ctx.state.clock.now());
  return jsonReply({
    appid: app.appId,
    dailySendLimit: app.dailySendLimit,
    usedToday,
    subscriptionTtlSeconds: app.subscriptionTtlMs === null ? null : app.subscriptionTtlMs / 1000,
    sendRate: app.sendRate,
  });
};

/**
 * `POST /__emulator/apps {appid, secret, pages?, devtoolsLogin?, push?}` registers (or updates) an
 * app; `push` (`{url, token, encodingAESKey?, format?}`, or null to remove it) configures message
 * push. GET lists the apps without secrets.
 */
export const handleApps: Handler = (ctx) => {
  if (ctx.method === 'GET') {
    const apps = ctx.state.apps.list().map((app) => ({
      appid: app.appId,
      pages: app.pages ? [...app.pages] : null,
      dailySendLimit: app.dailySendLimit,
      devtoolsLogin: app.devtoolsLogin,
      originalId: app.originalId,
      push: app.push && {
        url: app.push.url,
        format: app.push.format,
        mode: app.push.mode,
      },
    }));
    return jsonReply({ apps });
  }
  const body = controlBody(ctx);
  if (isReply(body)) return body;
  const appid = requireString(body, 'appid');
  if (isReply(appid)) return appid;
  const secret = requireString(body, 'secret');
  if (isReply(secret)) return secret;
  const pages = body.pages;
  if (
    pages !== undefined &&
    (!Array.isArray(pages) || !pages.every((p) => typeof p === 'string'))
  ) {
    return controlError(400, 'pages must be an array of strings');
  }
  const devtoolsLogin = body.devtoolsLogin;
  if (devtoolsLogin !== undefined && typeof devtoolsLogin !== 'boolean') {
    return controlError(400, 'devtoolsLogin must be a boolean');
  }
  const push = body.push;
  if (push !== undefined && push !== null) {
    const problem = parsePushConfig(push);
    if (typeof problem === 'string') return controlError(400, problem);
  }
  const app = ctx.state.apps.register({
    appId: appid,
    appSecret: secret,
    ...(pages ? { pages: pages as string[] } : {}),
    devtoolsLogin: devtoolsLogin === true,
    ...(push === undefined ? {} : { push: push as PushConfigInput | null }),
  });
  ctx.state.changed();
  return jsonReply({
    appid: app.appId,
    pages: app.pages ? [...app.pages] : null,
    devtoolsLogin: app.devtoolsLogin,
    originalId: app.originalId,
  });
};
