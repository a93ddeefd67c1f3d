import {
  type AccessTokenResponse,
  type Code2SessionResponse,
  InvalidArgumentError,
  WECHAT_API_BASE_URL,
} from '@wxtpl/shared-types';
import { Endpoints } from '../http/endpoints.js';
import { type CallOptions, checkTimeoutMs, RequestPipeline } from '../http/pipeline.js';
import { type RetryPolicy, resolveRetryPolicy } from '../http/retry.js';
import { HttpTransport } from '../http/transport.js';
import { silentLogger } from '../logger/index.js';
import { createMemoryStore } from '../store/memory.js';
import type { Store } from '../store/types.js';
import { TemplatesApi } from '../templates/templates.js';
import { AccessTokenOwner } from '../token/owner.js';
import { MessagesApi } from './messages.js';
import { SubscribeApi } from './subscribe.js';
import type { WeChatClientOptions } from './types.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MARGIN_SECONDS = 300;
const DEFAULT_TOKEN_ENDPOINT = 'stable';

/**
 * A WeChat mini-program API client: owns the app's access_token, manages templates and sends
 * messages over one keep-alive connection pool. Every call goes through one request pipeline.
 */
export class WeChatClient {
  /** The mini-program's AppID. */
  readonly appId: string;
  /** Where this app's token lives: the store given, or a memory store of this client's own. */
  readonly store: Store;
  /** Template library and the account's templates. */
  readonly templates: TemplatesApi;
  /** The raw template-message send. */
  readonly messages: MessagesApi;
  /** Subscribe messages: the raw send and the account's subscribe templates. */
  readonly subscribe: SubscribeApi;

  readonly #transport: HttpTransport;
  readonly #pipeline: RequestPipeline;
  readonly #tokens: AccessTokenOwner;
  readonly #tokenEndpoint: 'stable' | 'classic';

  constructor(options: WeChatClientOptions) {
    const checked = checkOptions(options);
    const { appId, appSecret, tokenProvider } = options;
    const logger = options.logger ?? silentLogger;
    const retry = resolveRetryPolicy(options.retry);
    this.appId = appId;
    this.#tokenEndpoint = checked.tokenEndpoint;
    this.store = options.store ?? createMemoryStore();
    this.#transport = new HttpTransport(
      checked.baseUrl,
      options.connections === undefined ? {} : { connections: options.connections },
    );
    this.#pipeline = new RequestPipeline({
      transport: this.#transport,
      appId,
      appSecret,
      tokens: () => this.#tokens,
      retry,
      timeoutMs: checked.timeoutMs,
      logger,
    });
    this.#tokens = new AccessTokenOwner({
      appId,
      store: this.store,
      logger,
      fetchToken: (stale) => this.#fetchToken(stale),
      tokenProvider,
      refreshMarginMs: checked.marginSeconds * 1000,
      lockTtlMs: checked.tokenLockTtlMs ?? defaultLockTtl(checked.timeoutMs, retry),
      now: options.now ?? Date.now,
    });
    this.subscribe = new SubscribeApi(this.#pipeline, checked.miniprogramState);
    this.templates = new TemplatesApi(this.#pipeline, this.subscribe.templates);
    this.messages = new MessagesApi(this.#pipeline);
  }

  /**
   * The app's access_token: cached in this process, shared through the store, renewed early and
   * by exactly one fetch at a time across every process sharing the store.
   */
  getAccessToken(): Promise<string> {
    return this.#tokens.get();
  }

  /**
   * Passive renewal (WeChat's 被动刷新): `token` was refused elsewhere. Expires it if it is still
   * the current one and resolves the next token, fetched by exactly one process. A central token
   * server built on this client calls it when a business server reports a dead token.
   */
  async invalidateAccessToken(token: string): Promise<string> {
    if (typeof token !== 'string' || token === '') {
      throw new InvalidArgumentError('token must be the refused access_token', 'token');
    }
    return this.#tokens.invalidate(token);
  }

  /** Exchanges a `wx.login` code for the user's openid and session_key (keep the latter secret). */
  async code2Session(code: string, options?: CallOptions): Promise<Code2SessionResponse> {
    if (typeof code !== 'string' || code.trim() === '') {
      throw new InvalidArgumentError('code must be the non-empty string wx.login yielded', 'code');
    }
    return this.#pipeline.call(
      Endpoints.code2Session,
      { query: { js_code: code, grant_type: 'authorization_code' } },
      options,
    );
  }

  /**
   * One token from WeChat. `stable_token` answers every caller the same token while it is valid
   * (the secret travels in the body, never in a URL); after a refusal it is asked again, and
   * forced to renew only if it still answers the refused token (WeChat allows 20 forced renewals a
   * day).
   */
  async #fetchToken(stale: string | undefined): Promise<AccessTokenResponse> {
    const grant_type = 'client_credential';
    if (this.#tokenEndpoint === 'classic') {
      return this.#pipeline.call(Endpoints.token, { query: { grant_type } });
    }
    const normal = await this.#pipeline.call<AccessTokenResponse>(Endpoints.stableToken, {
      body: { grant_type, force_refresh: false },
    });
    if (stale === undefined || normal.access_token !== stale) return normal;
    return this.#pipeline.call(Endpoints.stableToken, {
      body: { grant_type, force_refresh: true },
    });
  }

  /** Closes the connection pool. The store is left open: close it yourself if you created it. */
  close(): Promise<void> {
    return this.#transport.close();
  }
}

function checkOptions(options: WeChatClientOptions) {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('new WeChatClient(options) needs an options object', 'options');
  }
  const { appId, appSecret, tokenProvider } = options;
  if (typeof appId !== 'string' || appId.trim() === '') {
    throw new InvalidArgumentError('appId must be a non-empty string', 'appId');
  }
  if (appSecret !== undefined && (typeof appSecret !== 'string' || appSecret === '')) {
    throw new InvalidArgumentError('appSecret must be a non-empty string', 'appSecret');
  }
  if (appSecret === undefined && tokenProvider === undefined) {
    throw new InvalidArgumentError(
      'appSecret is required unless a tokenProvider is given',
      'appSecret',
    );
  }
  if (tokenProvider !== undefined && typeof tokenProvider !== 'function') {
    throw new InvalidArgumentError('tokenProvider must be a function', 'tokenProvider');
  }
  const marginSeconds = options.refreshMarginSeconds ?? DEFAULT_MARGIN_SECONDS;
  if (!Number.isFinite(marginSeconds) || marginSeconds < 0) {
    throw new InvalidArgumentError(
      'refreshMarginSeconds must be a number ≥ 0',
      'refreshMarginSeconds',
    );
  }
  let baseUrl: string;
  try {
    baseUrl = new URL(options.baseUrl ?? WECHAT_API_BASE_URL).href;
  } catch {
    throw new InvalidArgumentError('baseUrl must be an absolute http(s) URL', 'baseUrl');
  }
  const timeoutMs = checkTimeoutMs(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
  // NaN or 0 would fail every token fetch at run time; Infinity would never free a dead holder's.
  const tokenLockTtlMs =
    options.tokenLockTtlMs === undefined
      ? undefined
      : checkTimeoutMs(options.tokenLockTtlMs, 'tokenLockTtlMs');
  const tokenEndpoint = options.tokenEndpoint ?? DEFAULT_TOKEN_ENDPOINT;
  if (tokenEndpoint !== 'stable' && tokenEndpoint !== 'classic') {
    throw new InvalidArgumentError("tokenEndpoint must be 'stable' or 'classic'", 'tokenEndpoint');
  }
  const { miniprogramState } = options;
  if (
    miniprogramState !== undefined &&
    !['developer', 'trial', 'formal'].includes(miniprogramState as string)
  ) {
    throw new InvalidArgumentError(
      "miniprogramState must be 'developer', 'trial' or 'formal'",
      'miniprogramState',
    );
  }
  return { baseUrl, timeoutMs, tokenLockTtlMs, marginSeconds, tokenEndpoint, miniprogramState };
}

// The lock must outlive the slowest token fetch (every attempt timing out, every backoff at its
// ceiling), or a second process could start fetching while the first still is.
function defaultLockTtl(timeoutMs: number, retry: RetryPolicy): number {
  return timeoutMs * (retry.retries + 1) + retry.maxDelayMs * retry.retries + 5000;
}
