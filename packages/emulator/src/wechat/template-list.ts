import { isReply, wechatOk } from '../http/reply.js';
import { pageParams, wechatPost } from './guards.js';

/** `POST /cgi-bin/wxopen/template/list {offset, count}`: the account's templates. */
export const handleTemplateList = wechatPost((ctx, app, body) => {
  const page = pageParams(body);
  if (isReply(page)) return page;
  const list = ctx.state.templates
    .list(app.appId)
    .slice(page.offset, page.offset + page.count)
    .map(({ template_id, title, content, example }) => ({ template_id, title, content, example }));
  return wechatOk({ list });
});
