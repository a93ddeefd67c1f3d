import type { MiniprogramState } from '@wxtpl/shared-types';
import type { RetryOptions } from '../http/retry.js';
import type { Logger } from '../logger/index.js';
import type { Store } from '../store/types.js';
import type { TokenProvider } from '../token/types.js';
import type { MessagesApi } from './messages.js';
import type { SubscribeApi } from './subscribe.js';

/** Options of `new WeChatClient(…)`. */
export interface WeChatClientOptions {
  /** The mini-program's AppID. */
  appId: string;
  /** The AppSecret; may be left out only with a `tokenProvider` (then `code2Session` is unavailable). */
  appSecret?: string;
  /** Default `https://api.weixin.qq.com`; point it at the emulator in tests. */
  baseUrl?: string;
  /**
   * Where tokens and locks live. Default: a memory store of this client's own. Give every client
   * of an app the same store (Redis between processes), or each fetches its own access_token and
   * they invalidate each other's.
   */
  store?: Store;
  /** pino-compatible logger; silent by default. */
  logger?: Logger;
  /** Timeout of each HTTP attempt in milliseconds; default 10 000. */
  timeoutMs?: number;
  /** Retries of system-busy answers and of connection failures; see {@link RetryOptions}. */
  retry?: RetryOptions;
  /** Your own token server: the SDK then never fetches a token itself. */
  tokenProvider?: TokenProvider;
  /**
   * Where tokens come from: `classic` (`GET /cgi-bin/token`, secret in the query) or `stable`
   * (`POST /cgi-bin/stable_token`, secret in the body; every caller gets the same token while it
   * is valid, so independent systems no longer invalidate each other's). Default `stable`.
   */
  tokenEndpoint?: 'stable' | 'classic';
  /** Renew the access_token when less than this is left; default 300 s. */
  refreshMarginSeconds?: number;
  /** Most sockets kept open to WeChat; default 64. */
  connections?: number;
  /** Life of the cross-process token-fetch lock; default: the longest a fetch with its retries can take, plus 5 s. */
  tokenLockTtlMs?: number;
  /** Clock in epoch milliseconds, for token expiry; inject a virtual one in tests. */
  now?: () => number;
  /**
   * Which version of the mini-program subscribe-message cards open when a send names none:
   * `developer`, `trial` or `formal` (WeChat's default). Set it per environment.
   */
  miniprogramState?: MiniprogramState;
}

/**
 * What the Notifier needs of a client: its appId and the raw sends (`subscribe` only for subscribe
 * messages). `WeChatClient` is one.
 */
export interface MessageSender {
  readonly appId: string;
  readonly messages: Pick<MessagesApi, 'send'>;
  readonly subscribe?: Pick<SubscribeApi, 'send'>;
}
