import type { Handler } from '../http/context.js';
import { controlError, jsonReply } from '../http/reply.js';
import { verifyPushUrl } from '../push/dispatcher.js';
import { appRequest, isReply } from './common.js';

/** `GET /__emulator/pushes?appid=` → `{pushes}`: recent message pushes and their attempts. */
export const handlePushes: Handler = (ctx) => {
  const appid = ctx.query.get('appid') || undefined;
  if (appid !== undefined && ctx.state.apps.get(appid) === undefined) {
    return controlError(404, `unknown appid ${appid}`);
  }
  return jsonReply({ pushes: ctx.state.push.list(appid) });
};

/**
 * `POST /__emulator/push/verify {appid?}` → `{ok, status, answer?, error?}`: the URL check the
 * admin console makes on saving (`GET URL?signature=&timestamp=&nonce=&echostr=`).
 */
export const handlePushVerify: Handler = async (ctx) => {
  const request = appRequest(ctx);
  if (isReply(request)) return request;
  const { app } = request;
  if (app.push === null) return controlError(409, `${app.appId} has no message push configured`);
  return jsonReply(await verifyPushUrl(app.push, ctx.state.clock.now()));
};
