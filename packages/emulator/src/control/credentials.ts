import type { Handler } from '../http/context.js';
import { controlError, jsonReply } from '../http/reply.js';
import { newOpenid } from '../state/ids.js';
import { appRequest, isReply, requireString, userRequest } from './common.js';

/** Most formIds minted in one call. */
const MAX_FORM_IDS = 1000;

/** `POST /__emulator/login {appid?, openid?}` → `{code, openid}`. */
export const handleLogin: Handler = (ctx) => {
  const request = appRequest(ctx);
  if (isReply(request)) return request;
  const { body, app } = request;
  let openid: string;
  if (body.openid === undefined) openid = newOpenid();
  else {
    const given = requireString(body, 'openid');
    if (isReply(given)) return given;
    openid = given;
  }
  const code = ctx.state.loginCodes.issue(app.appId, openid, ctx.state.clock.now());
  app.users.add(openid);
  ctx.state.changed();
  return jsonReply({ code, openid });
};

/** `POST /__emulator/form-ids {appid?, openid, count?}` → `{formIds}`. */
export const handleFormIds: Handler = (ctx) => {
  const request = userRequest(ctx);
  if (isReply(request)) return request;
  const { body, app, openid } = request;
  const count = body.count ?? 1;
  if (!Number.isSafeInteger(count) || (count as number) < 1 || (count as number) > MAX_FORM_IDS) {
    return controlError(400, `count must be an integer 1..${MAX_FORM_IDS}`);
  }
  const now = ctx.state.clock.now();
  const formIds: string[] = [];
  for (let i = 0; i < (count as number); i++) {
    formIds.push(ctx.state.credits.mint(app.appId, openid, 'form', now));
  }
  app.users.add(openid);
  ctx.state.changed();
  return jsonReply({ formIds });
};

/** `POST /__emulator/prepay {appid?, openid}` → `{prepayId}`. */
export const handlePrepay: Handler = (ctx) => {
  const request = userRequest(ctx);
  if (isReply(request)) return request;
  const { app, openid } = request;
  const prepayId = ctx.state.credits.mint(app.appId, openid, 'prepay', ctx.state.clock.now());
  app.users.add(openid);
  ctx.state.changed();
  return jsonReply({ prepayId });
};
