import {
  type AccessTokenResponse,
  type Code2SessionResponse,
  errcodeAction,
  isWeChatError,
  type TemplateSendRequest,
  type TemplateSendResponse,
  WECHAT_API_BASE_URL,
  type WeChatErrorResponse,
} from '@wxtpl/shared-types';
import { InvalidArgumentError, WeChatApiError, WeChatTransportError } from '../errors.js';
import { backoffDelay, type RetryPolicy, resolveRetryPolicy, sleep } from '../http/retry.js';
import { HttpTransport } from '../http/transport.js';
import { type Logger, redactSecrets, redactValues, silentLogger } from '../logger/index.js';
import { createMemoryStore } from '../store/memory.js';
import type { Store } from '../store/types.js';
import { TemplatesApi } from '../templates/templates.js';
import { AccessTokenOwner } from '../token/owner.js';
import { type Endpoint, Endpoints } from './endpoints.js';
import type { CallOptions, MessagesApi, TemplateSender, WeChatClientOptions } from './types.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MARGIN_SECONDS = 300;

/**
 * A WeChat mini-program API client: owns the app's access_token, manages templates and sends
 * template messages over one keep-alive connection pool.
 */
export class WeChatClient implements TemplateSender {
  /** The mini-program's AppID. */
  readonly appId: string;
  /** The store holding this app's token (shared with other processes when it is Redis). */
  readonly store: Store;
  /** Template library and the account's templates. */
  readonly templates: TemplatesApi;
  /** The raw template-message send. */
  readonly messages: MessagesApi;

  readonly #secret: string | undefined;
  readonly #http: HttpTransport;
  readonly #tokens: AccessTokenOwner;
  readonly #logger: Logger;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  #queryToken = '';
  #query = '';

  constructor(options: WeChatClientOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new InvalidArgumentError(
        'new WeChatClient(options) needs an options object',
        'options',
      );
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
    this.#timeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    const margin = options.refreshMarginSeconds ?? DEFAULT_MARGIN_SECONDS;
    if (!Number.isFinite(margin) || margin < 0) {
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

    this.appId = appId;
    this.#secret = appSecret;
    this.#logger = options.logger ?? silentLogger;
    this.#retry = resolveRetryPolicy(options.retry);
    this.store = options.store ?? processStore();
    this.#http = new HttpTransport(
      baseUrl,
      options.connections === undefined ? {} : { connections: options.connections },
    );
    this.#tokens = new AccessTokenOwner({
      appId,
      store: this.store,
      logger: this.#logger,
      fetchToken: () => this.#fetchToken(),
      tokenProvider,
      refreshMarginMs: margin * 1000,
      lockTtlMs: options.tokenLockTtlMs ?? defaultLockTtl(this.#timeoutMs, this.#retry),
      now: options.now ?? Date.now,
    });
    const call = <T>(endpoint: Endpoint, body: object, callOptions?: CallOptions) =>
      this.#callWithToken<T>(endpoint, JSON.stringify(body), callOptions);
    this.templates = new TemplatesApi(call);
    this.messages = {
      send: (payload, callOptions) => {
        let body: string;
        try {
          body = serializeSend(payload);
        } catch (error) {
          return Promise.reject(error);
        }
        return this.#callWithToken<TemplateSendResponse>(Endpoints.templateSend, body, callOptions);
      },
    };
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
    if (this.#secret === undefined) {
      throw new InvalidArgumentError('code2Session needs the appSecret', 'appSecret');
    }
    const query = `appid=${encodeURIComponent(this.appId)}&secret=${encodeURIComponent(this.#secret)}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`;
    return this.#callWithRetries<Code2SessionResponse>(
      Endpoints.code2Session,
      query,
      undefined,
      options,
    );
  }

  /** Closes the connection pool. The store is left open: close it yourself if you created it. */
  close(): Promise<void> {
    return this.#http.close();
  }

  #fetchToken(): Promise<AccessTokenResponse> {
    const secret = this.#secret as string;
    const query = `grant_type=client_credential&appid=${encodeURIComponent(this.appId)}&secret=${encodeURIComponent(secret)}`;
    return this.#callWithRetries<AccessTokenResponse>(Endpoints.token, query, undefined);
  }

  // The hot path of every token-bearing call: a cached token needs no await and no store access.
  async #callWithToken<T>(endpoint: Endpoint, body: string, options?: CallOptions): Promise<T> {
    const token = this.#tokens.peek() ?? (await this.#tokens.get());
    try {
      return await this.#callWithRetries<T>(
        endpoint,
        this.#tokenQuery(token),
        body,
        options,
        token,
      );
    } catch (error) {
      if (!(error instanceof WeChatApiError) || errcodeAction(error.errcode) !== 'renew_token')
        throw error;
      this.#logger.info(
        { appId: this.appId, path: endpoint.path, errcode: error.errcode },
        'access_token refused; renewing and retrying once',
      );
      const fresh = await this.#tokens.invalidate(token);
      return this.#callWithRetries<T>(endpoint, this.#tokenQuery(fresh), body, options, fresh);
    }
  }

  async #callWithRetries<T>(
    endpoint: Endpoint,
    query: string,
    body: string | undefined,
    options?: CallOptions,
    token?: string,
  ): Promise<T> {
    const timeoutMs =
      options?.timeoutMs === undefined
        ? this.#timeoutMs
        : checkTimeout(options.timeoutMs, 'timeoutMs');
    const signal = options?.signal;
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.#http.request({
          method: endpoint.method,
          path: endpoint.path,
          query,
          body,
          timeoutMs,
          signal,
        });
        if (isWeChatError(answer)) {
          this.#logger.debug(
            {
              appId: this.appId,
              path: endpoint.path,
              errcode: answer.errcode,
              attempt: attempt + 1,
            },
            'WeChat refused the call',
          );
          throw this.#apiError(answer, endpoint.path, token);
        }
        return answer as T;
      } catch (error) {
        if (attempt >= this.#retry.retries || !isRetryable(error, endpoint) || signal?.aborted) {
          throw error;
        }
        const delayMs = backoffDelay(this.#retry, attempt);
        this.#logger.warn(
          {
            appId: this.appId,
            path: endpoint.path,
            attempt: attempt + 1,
            delayMs,
            reason: reasonOf(error),
          },
          'WeChat call failed; retrying',
        );
        try {
          await sleep(delayMs, signal);
        } catch (abortReason) {
          throw new WeChatTransportError(
            `${endpoint.method} ${endpoint.path} aborted while waiting to retry`,
            endpoint.path,
            'aborted',
            // A busy answer (-1) means WeChat did not act on the request.
            error instanceof WeChatTransportError ? error.requestSent : false,
            undefined,
            { cause: abortReason },
          );
        }
      }
    }
  }

  // The query string of the current token is built once, not on every call.
  #tokenQuery(token: string): string {
    if (token !== this.#queryToken) {
      this.#query = `access_token=${encodeURIComponent(token)}`;
      this.#queryToken = token;
    }
    return this.#query;
  }

  #apiError(answer: WeChatErrorResponse, path: string, token: string | undefined): WeChatApiError {
    const errmsg = redactValues(redactSecrets(String(answer.errmsg ?? '')), [token, this.#secret]);
    return new WeChatApiError(answer.errcode, errmsg, path);
  }
}

let defaultStore: Store | undefined;

// Clients created without a store share one per process, so two clients of one app in a process
// never fetch competing tokens (each fetch invalidates the previous token after the overlap).
function processStore(): Store {
  defaultStore ??= createMemoryStore();
  return defaultStore;
}

// The lock must outlive the slowest token fetch (every attempt timing out, every backoff at its
// ceiling), or a second process could start fetching while the first still is.
function defaultLockTtl(timeoutMs: number, retry: RetryPolicy): number {
  return timeoutMs * (retry.retries + 1) + retry.maxDelayMs * retry.retries + 5000;
}

function isRetryable(error: unknown, endpoint: Endpoint): boolean {
  if (error instanceof WeChatApiError) return error.errcode === -1;
  if (!(error instanceof WeChatTransportError) || error.failure === 'aborted') return false;
  if (!error.requestSent) return true;
  // The request may have reached WeChat: repeat only reads, and never after a 4xx.
  if (!endpoint.idempotent) return false;
  return error.failure !== 'http_status' || (error.status ?? 500) >= 500;
}

function reasonOf(error: unknown): string {
  if (error instanceof WeChatApiError) return `errcode ${error.errcode}`;
  if (error instanceof WeChatTransportError) return error.failure;
  return 'unknown';
}

function checkTimeout(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${field} must be a positive number of milliseconds`, field);
  }
  return value;
}

function serializeSend(payload: TemplateSendRequest): string {
  if (typeof payload !== 'object' || payload === null) {
    throw new InvalidArgumentError('send needs the payload object of the send endpoint', 'payload');
  }
  for (const field of ['touser', 'template_id', 'form_id'] as const) {
    const value = payload[field];
    if (typeof value !== 'string' || value === '') {
      throw new InvalidArgumentError(`payload.${field} must be a non-empty string`, field);
    }
  }
  if (typeof payload.data !== 'object' || payload.data === null) {
    throw new InvalidArgumentError('payload.data must be an object of keywordN values', 'data');
  }
  return JSON.stringify(payload);
}
