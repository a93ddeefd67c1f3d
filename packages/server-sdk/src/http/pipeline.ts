import { InvalidArgumentError } from '@wxtpl/shared-types';
import { WeChatApiError, WeChatTransportError } from '../errors.js';
import { type Logger, redactSecrets, redactValues } from '../logger/index.js';
import { channels } from '../observe/channels.js';
import type { Endpoint } from './endpoints.js';
import { backoffDelay, type RetryPolicy, sleep } from './retry.js';
import type { HttpTransport } from './transport.js';

/** Per-call options every client method accepts. */
export interface CallOptions {
  /** Aborts the call (and any backoff wait); the call rejects with a `WeChatTransportError` `aborted`. */
  signal?: AbortSignal;
  /** Timeout of each attempt, overriding the client's `timeoutMs`. */
  timeoutMs?: number;
}

/** What one call sends besides the credentials the pipeline adds. */
export interface ApiRequest {
  query?: Readonly<Record<string, string | number>>;
  /** A POST's JSON body. */
  body?: unknown;
}

/**
 * Where the pipeline gets access_tokens. Every failure is an `AccessTokenError`: nothing was sent
 * to the endpoint being called.
 */
export interface TokenSource {
  /** The token when it needs no renewal yet: the hot path, no await. */
  peek(): string | undefined;
  get(): Promise<string>;
  /** `stale` was refused by WeChat: the next token. */
  invalidate(stale: string): Promise<string>;
  /** WeChat accepted a call made with `token`. */
  confirm(token: string): void;
}

/** Options of {@link RequestPipeline}. */
export interface RequestPipelineOptions {
  transport: HttpTransport;
  appId: string;
  appSecret: string | undefined;
  /** Read at call time: the token owner itself fetches through this pipeline. */
  tokens: () => TokenSource;
  retry: RetryPolicy;
  timeoutMs: number;
  logger: Logger;
}

/**
 * Every WeChat call goes through here: credentials into the query (the access_token, renewed once
 * when WeChat refuses it, or appid + secret), the JSON body, the timeout, retries with backoff of
 * what the errcode table and the transport call safe to repeat, and the check that the answer is
 * WeChat's success shape. Rejects with `WeChatApiError`, `WeChatTransportError` or
 * `AccessTokenError`.
 */
export class RequestPipeline {
  readonly #o: RequestPipelineOptions;
  #queryToken = '';
  #tokenQuery = '';

  constructor(options: RequestPipelineOptions) {
    this.#o = options;
  }

  /**
   * One call: the attempts, their retries, and (token endpoints) the one renewal of a refused
   * token, all in this one async function — each await layer more costs every message a promise
   * and a turn.
   */
  async call<T>(endpoint: Endpoint, request: ApiRequest = {}, options?: CallOptions): Promise<T> {
    const timeoutMs =
      options?.timeoutMs === undefined
        ? this.#o.timeoutMs
        : checkTimeoutMs(options.timeoutMs, 'timeoutMs');
    const signal = options?.signal;
    const body =
      endpoint.auth === 'body-secret'
        ? JSON.stringify({ ...(request.body as object), ...this.#secretBody(endpoint) })
        : request.body === undefined
          ? undefined
          : JSON.stringify(request.body);
    const params = request.query === undefined ? '' : encodeQuery(request.query);
    let tokens: TokenSource | undefined;
    let token: string | undefined;
    let query: string;
    if (endpoint.auth === 'secret') query = join(params, this.#secretQuery(endpoint));
    else if (endpoint.auth === 'body-secret') query = params;
    else {
      tokens = this.#o.tokens();
      token = tokens.peek() ?? (await tokens.get());
      query = join(params, this.#queryOf(token));
    }
    const { retry, logger, appId, transport } = this.#o;
    // Set once a refused token was renewed: a second refusal is the caller's.
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      try {
        const answer = await transport.request({
          method: endpoint.method,
          path: endpoint.path,
          query,
          body,
          timeoutMs,
          signal,
        });
        const checked = this.#checked(endpoint, answer, token, attempt) as T;
        if (channels.request.hasSubscribers) {
          channels.request.publish({
            appId,
            path: endpoint.path,
            durationMs: performance.now() - started,
          });
        }
        if (tokens !== undefined) tokens.confirm(token as string);
        return checked;
      } catch (error) {
        if (channels.request.hasSubscribers) {
          channels.request.publish({
            appId,
            path: endpoint.path,
            durationMs: performance.now() - started,
            ...(error instanceof WeChatApiError ? { errcode: error.errcode } : {}),
            ...(error instanceof WeChatTransportError ? { failure: error.failure } : {}),
          });
        }
        if (
          tokens !== undefined &&
          !renewed &&
          error instanceof WeChatApiError &&
          error.action === 'renew_token'
        ) {
          logger.info(
            { appId, path: endpoint.path, errcode: error.errcode },
            'access_token refused; renewing and retrying once',
          );
          renewed = true;
          token = await tokens.invalidate(token as string);
          query = join(params, this.#queryOf(token));
          // The renewed token's attempts get the whole retry budget again.
          attempt = -1;
          continue;
        }
        if (attempt >= retry.retries || !isRetryable(error, endpoint) || signal?.aborted) {
          throw error;
        }
        const delayMs = backoffDelay(retry, attempt);
        logger.warn(
          { appId, path: endpoint.path, attempt: attempt + 1, delayMs, reason: reasonOf(error) },
          'WeChat call failed; retrying',
        );
        try {
          await sleep(delayMs, signal);
        } catch (abortReason) {
          throw new WeChatTransportError(
            `${endpoint.method} ${endpoint.path} aborted while waiting to retry`,
            endpoint.path,
            'aborted',
            // A retryable errcode means WeChat did not act on the request.
            error instanceof WeChatTransportError ? error.requestSent : false,
            undefined,
            { cause: abortReason },
          );
        }
      }
    }
  }

  /** The answer when it is WeChat's success shape; a typed error otherwise. */
  #checked(endpoint: Endpoint, answer: unknown, token: string | undefined, attempt: number) {
    const errcode = Array.isArray(answer)
      ? undefined
      : (answer as { errcode?: unknown } | null)?.errcode;
    if (typeof errcode === 'number' && Number.isInteger(errcode) && errcode !== 0) {
      const errmsg = String((answer as { errmsg?: unknown }).errmsg ?? '');
      this.#o.logger.debug(
        { appId: this.#o.appId, path: endpoint.path, errcode, attempt: attempt + 1 },
        'WeChat refused the call',
      );
      throw new WeChatApiError(
        errcode,
        quoted(redactValues(redactSecrets(errmsg), [token, this.#o.appSecret])),
        endpoint.path,
      );
    }
    const ok =
      !Array.isArray(answer) &&
      (endpoint.success === 'errcode'
        ? errcode === 0
        : (errcode === undefined || errcode === 0) &&
          carriesSuccessField(answer as Record<string, unknown>, endpoint.success));
    if (!ok) {
      throw new WeChatTransportError(
        `${endpoint.method} ${endpoint.path} answered 200 without WeChat's success shape (expected ${
          endpoint.success === 'errcode' ? 'a numeric errcode 0' : `"${endpoint.success}"`
        }); the request may have reached WeChat`,
        endpoint.path,
        'bad_response',
        true,
        200,
      );
    }
    return answer;
  }

  #secretBody(endpoint: Endpoint): { appid: string; secret: string } {
    const { appId, appSecret } = this.#o;
    if (appSecret === undefined) {
      throw new InvalidArgumentError(`${endpoint.path} needs the appSecret`, 'appSecret');
    }
    return { appid: appId, secret: appSecret };
  }

  #secretQuery(endpoint: Endpoint): string {
    const { appid, secret } = this.#secretBody(endpoint);
    return `appid=${encodeURIComponent(appid)}&secret=${encodeURIComponent(secret)}`;
  }

  // Built once per token, not on every call: the hot path of every send.
  #queryOf(token: string): string {
    if (token !== this.#queryToken) {
      this.#tokenQuery = `access_token=${encodeURIComponent(token)}`;
      this.#queryToken = token;
    }
    return this.#tokenQuery;
  }
}

/** A positive number of milliseconds, or an `InvalidArgumentError` naming `path`. */
export function checkTimeoutMs(value: number, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(`${path} must be a positive number of milliseconds`, path);
  }
  return value;
}

/** WeChat's errmsgs are a line of a few dozen characters; anything else is cut to that. */
const ERRMSG_MAX_CHARS = 300;
// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * An errmsg fit to quote in an error message, a log line or a terminal: control characters
 * (newlines that forge log lines, terminal escapes) become spaces and a long one is cut. Called
 * on the redacted text, so a cut never leaves part of a secret.
 */
function quoted(errmsg: string): string {
  const text = errmsg.replace(CONTROL, ' ');
  if (text.length <= ERRMSG_MAX_CHARS) return text;
  // Never half a surrogate pair.
  const high = /[\ud800-\udbff]/.test(text.charAt(ERRMSG_MAX_CHARS - 1));
  return `${text.slice(0, ERRMSG_MAX_CHARS - (high ? 1 : 0))}…`;
}

/**
 * Whether WeChat's success field is there with a value: every one is a non-empty string (a
 * token, an openid, a template id) or a list. `{"openid": null}` or `{"openid": ""}` is no
 * session, and `{"template_id": {}}` no template.
 */
function carriesSuccessField(answer: Record<string, unknown>, field: string): boolean {
  if (!Object.hasOwn(answer, field)) return false;
  const value = answer[field];
  return (typeof value === 'string' && value !== '') || Array.isArray(value);
}

function isRetryable(error: unknown, endpoint: Endpoint): boolean {
  if (error instanceof WeChatApiError) return error.action === 'retry';
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

function encodeQuery(query: Readonly<Record<string, string | number>>): string {
  let out = '';
  for (const [key, value] of Object.entries(query)) {
    out += `${out === '' ? '' : '&'}${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
  }
  return out;
}

function join(params: string, credentials: string): string {
  return params === '' ? credentials : `${params}&${credentials}`;
}
