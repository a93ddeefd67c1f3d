import { WeChatPath } from '@wxtpl/shared-types';

/** How the request pipeline treats one WeChat endpoint. */
export interface Endpoint {
  readonly path: string;
  readonly method: 'GET' | 'POST';
  /**
   * `token`: the access_token in the query; `secret`: the app's appid and secret in the query;
   * `body-secret`: appid and secret in the JSON body (out of URLs, logs and traces).
   */
  readonly auth: 'token' | 'secret' | 'body-secret';
  /**
   * True when repeating a request that may have reached WeChat has no extra effect (reads), so
   * timeouts and resets after sending are retried. Writes (add, delete, send) never are.
   */
  readonly idempotent: boolean;
  /**
   * What a success carries: `errcode` — a numeric `errcode` of 0 (WeChat's envelope, required of
   * sends so that no other 200 answer counts as delivered); or the name of a field WeChat's
   * success always has (`access_token`, `openid`, …), with any errcode it carries being 0.
   */
  readonly success: 'errcode' | string;
}

const endpoint = (
  path: string,
  method: Endpoint['method'],
  success: string,
  options: { auth?: Endpoint['auth']; idempotent?: boolean } = {},
): Endpoint =>
  Object.freeze({
    path,
    method,
    auth: options.auth ?? 'token',
    idempotent: options.idempotent ?? false,
    success,
  });

/** Every WeChat endpoint the client calls; a new endpoint is one row. */
export const Endpoints = {
  token: endpoint(WeChatPath.token, 'GET', 'access_token', { auth: 'secret' }),
  stableToken: endpoint(WeChatPath.stableToken, 'POST', 'access_token', { auth: 'body-secret' }),
  code2Session: endpoint(WeChatPath.code2Session, 'GET', 'openid', { auth: 'secret' }),
  libraryList: endpoint(WeChatPath.libraryList, 'POST', 'list', { idempotent: true }),
  libraryGet: endpoint(WeChatPath.libraryGet, 'POST', 'keyword_list', { idempotent: true }),
  templateAdd: endpoint(WeChatPath.templateAdd, 'POST', 'template_id'),
  templateList: endpoint(WeChatPath.templateList, 'POST', 'list', { idempotent: true }),
  templateDelete: endpoint(WeChatPath.templateDelete, 'POST', 'errcode'),
  templateSend: endpoint(WeChatPath.templateSend, 'POST', 'errcode'),
  subscribeSend: endpoint(WeChatPath.subscribeSend, 'POST', 'errcode'),
  subscribeCategories: endpoint(WeChatPath.subscribeCategories, 'GET', 'data', {
    idempotent: true,
  }),
  subscribeTitles: endpoint(WeChatPath.subscribeTitles, 'GET', 'data', { idempotent: true }),
  subscribeKeywords: endpoint(WeChatPath.subscribeKeywords, 'GET', 'data', { idempotent: true }),
  subscribeTemplateAdd: endpoint(WeChatPath.subscribeTemplateAdd, 'POST', 'priTmplId'),
  subscribeTemplateList: endpoint(WeChatPath.subscribeTemplateList, 'GET', 'data', {
    idempotent: true,
  }),
  subscribeTemplateDelete: endpoint(WeChatPath.subscribeTemplateDelete, 'POST', 'errcode'),
} as const satisfies Record<string, Endpoint>;
