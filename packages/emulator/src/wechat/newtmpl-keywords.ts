import { Errcode } from '@wxtpl/shared-types';
import { wechatError, wechatOk } from '../http/reply.js';
import { findSubscribeTitle } from '../library/subscribe.js';
import { newtmplGet } from './newtmpl-guards.js';

/** `GET /wxaapi/newtmpl/getpubtemplatekeywords?tid=1001`: `rule` is each keyword's kind. */
export const handleSubscribeKeywords = newtmplGet(({ query }) => {
  const tid = query.get('tid');
  const title = tid !== null && /^\d{1,9}$/.test(tid) ? findSubscribeTitle(Number(tid)) : undefined;
  if (title === undefined) return wechatError(Errcode.INVALID_TID);
  return wechatOk({
    count: title.keywords.length,
    data: title.keywords.map(({ kid, name, example, rule }) => ({ kid, name, example, rule })),
  });
});
