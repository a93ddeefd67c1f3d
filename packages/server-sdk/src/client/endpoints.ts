import { WeChatPath } from '@wxtpl/shared-types';

/** How the client treats one WeChat endpoint. */
export interface Endpoint {
  readonly path: string;
  readonly method: 'GET' | 'POST';
  /**
   * True when repeating a request that may have reached WeChat has no extra effect (reads), so
   * timeouts and resets after sending are retried. Writes (add, delete, send) never are.
   */
  readonly idempotent: boolean;
}

/** Every endpoint the client calls. */
export const Endpoints = {
  token: { path: WeChatPath.token, method: 'GET', idempotent: false },
  code2Session: { path: WeChatPath.code2Session, method: 'GET', idempotent: false },
  libraryList: { path: WeChatPath.libraryList, method: 'POST', idempotent: true },
  libraryGet: { path: WeChatPath.libraryGet, method: 'POST', idempotent: true },
  templateAdd: { path: WeChatPath.templateAdd, method: 'POST', idempotent: false },
  templateList: { path: WeChatPath.templateList, method: 'POST', idempotent: true },
  templateDelete: { path: WeChatPath.templateDelete, method: 'POST', idempotent: false },
  templateSend: { path: WeChatPath.templateSend, method: 'POST', idempotent: false },
} as const satisfies Record<string, Endpoint>;
