import { isReply, wechatOk } from '../http/reply.js';
import { LIBRARY } from '../library/index.js';
import { pageParams, wechatPost } from './guards.js';

/** `POST /cgi-bin/wxopen/template/library/list {offset, count}`. */
export const handleLibraryList = wechatPost((_ctx, _app, body) => {
  const page = pageParams(body);
  if (isReply(page)) return page;
  const list = LIBRARY.slice(page.offset, page.offset + page.count).map(({ id, title }) => ({
    id,
    title,
  }));
  return wechatOk({ list, total_count: LIBRARY.length });
});
