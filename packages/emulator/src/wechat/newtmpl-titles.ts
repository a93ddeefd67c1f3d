import { Errcode, PUB_TITLES_LIMIT_MAX } from '@wxtpl/shared-types';
import { wechatError, wechatOk } from '../http/reply.js';
import { isSubscribeCategory, SUBSCRIBE_LIBRARY } from '../library/subscribe.js';
import { newtmplGet } from './newtmpl-guards.js';

const INTEGER = /^\d{1,9}$/;

/** `GET /wxaapi/newtmpl/getpubtemplatetitles?ids=100,600&start=0&limit=30`. */
export const handleSubscribeTitles = newtmplGet(({ query }) => {
  const ids = query.get('ids');
  if (ids === null || ids.trim() === '') return wechatError(Errcode.CATEGORY_IDS_MISSING);
  const categories = new Set(ids.split(',').map((id) => id.trim()));
  for (const id of categories) {
    if (!isSubscribeCategory(id)) return wechatError(Errcode.INVALID_CATEGORY_IDS);
  }
  const start = query.get('start');
  if (start === null || !INTEGER.test(start)) return wechatError(Errcode.INVALID_START);
  const limit = query.get('limit');
  if (limit === null || !INTEGER.test(limit)) return wechatError(Errcode.INVALID_LIMIT);
  const size = Number(limit);
  if (size < 1 || size > PUB_TITLES_LIMIT_MAX) return wechatError(Errcode.INVALID_LIMIT);
  const titles = SUBSCRIBE_LIBRARY.filter((title) => categories.has(title.categoryId));
  const from = Number(start);
  return wechatOk({
    count: titles.length,
    data: titles
      .slice(from, from + size)
      .map(({ tid, title, type, categoryId }) => ({ tid, title, type, categoryId })),
  });
});
