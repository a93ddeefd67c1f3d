import type { Handler } from '../http/context.js';
import { controlError, jsonReply } from '../http/reply.js';
import type { EmulatorUser } from '../types.js';

/**
 * `GET /__emulator/inbox?appid=&openid=&kind=` → `{messages}`, newest last. Every filter is
 * optional; `kind` is `template`, `subscribe` or `all` (the default).
 */
export const handleInbox: Handler = (ctx) => {
  const appid = ctx.query.get('appid') || undefined;
  const openid = ctx.query.get('openid') || undefined;
  const kind = ctx.query.get('kind') || 'all';
  if (appid !== undefined && ctx.state.apps.get(appid) === undefined) {
    return controlError(404, `unknown appid ${appid}`);
  }
  if (kind !== 'all' && kind !== 'template' && kind !== 'subscribe') {
    return controlError(400, "kind must be 'template', 'subscribe' or 'all'");
  }
  const messages = ctx.state.inbox.list(appid, openid);
  return jsonReply({
    messages: kind === 'all' ? messages : messages.filter((m) => m.kind === kind),
  });
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
