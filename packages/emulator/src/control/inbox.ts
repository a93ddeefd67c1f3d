import type { Handler } from '../http/context.js';
import { controlError, jsonReply } from '../http/reply.js';
import type { EmulatorUser } from '../types.js';

/** `GET /__emulator/inbox?appid=&openid=` → `{messages}`, newest last. Both filters optional. */
export const handleInbox: Handler = (ctx) => {
  const appid = ctx.query.get('appid') || undefined;
  const openid = ctx.query.get('openid') || undefined;
  if (appid !== undefined && ctx.state.apps.get(appid) === undefined) {
    return controlError(404, `unknown appid ${appid}`);
  }
  return jsonReply({ messages: ctx.state.inbox.list(appid, openid) });
};

/** `GET /__emulator/users?appid=` → `{users}`: every user an app has met, for the inbox page. */
export const handleUsers: Handler = (ctx) => {
  const appid = ctx.query.get('appid') || undefined;
  const users: EmulatorUser[] = [];
  for (const app of ctx.state.apps.list()) {
    if (appid !== undefined && app.appId !== appid) continue;
    for (const openid of app.users) {
      users.push({ appid: app.appId, openid, messages: ctx.state.inbox.count(app.appId, openid) });
    }
  }
  return jsonReply({ users });
};
