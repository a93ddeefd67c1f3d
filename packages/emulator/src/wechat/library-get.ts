import { Errcode } from '@wxtpl/shared-types';
import { wechatError, wechatOk } from '../http/reply.js';
import { findLibraryEntry } from '../library/index.js';
import { stringField, wechatPost } from './guards.js';

/** `POST /cgi-bin/wxopen/template/library/get {id}`. */
export const handleLibraryGet = wechatPost((_ctx, _app, body) => {
  const id = stringField(body, 'id');
  if (id === undefined) return wechatError(Errcode.INVALID_ARGS, 'id missing');
  const entry = findLibraryEntry(id);
  if (entry === undefined) return wechatError(Errcode.INVALID_ARGS, 'no such template title id');
  return wechatOk({ id: entry.id, title: entry.title, keyword_list: entry.keywords });
});
