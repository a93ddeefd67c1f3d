import { Errcode } from '@wxtpl/shared-types';
import { wechatError } from '../http/reply.js';
import { type WeChatGetHandler, type WeChatPostHandler, wechatGet, wechatPost } from './guards.js';

/** A `/wxaapi/newtmpl/*` GET call: the usual checks, then 200011 for a banned account. */
export function newtmplGet(handler: WeChatGetHandler) {
  return wechatGet((ctx, app) =>
    app.subscribeBanned ? wechatError(Errcode.ACCOUNT_BANNED) : handler(ctx, app),
  );
}

/** A `/wxaapi/newtmpl/*` POST call: the usual checks, then 200011 for a banned account. */
export function newtmplPost(handler: WeChatPostHandler) {
  return wechatPost((ctx, app, body) =>
    app.subscribeBanned ? wechatError(Errcode.ACCOUNT_BANNED) : handler(ctx, app, body),
  );
}
