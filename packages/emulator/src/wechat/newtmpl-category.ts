import { wechatOk } from '../http/reply.js';
import { SUBSCRIBE_CATEGORIES } from '../library/subscribe.js';
import { newtmplGet } from './newtmpl-guards.js';

/** `GET /wxaapi/newtmpl/getcategory`: the account's categories (every library category). */
export const handleSubscribeCategories = newtmplGet(() =>
  wechatOk({ data: SUBSCRIBE_CATEGORIES.map(({ id, name }) => ({ id, name })) }),
);
