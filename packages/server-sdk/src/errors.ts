import { describeErrcode, type ErrcodeAction, WxtplError } from '@wxtpl/shared-types';

export { InvalidArgumentError, WxtplError } from '@wxtpl/shared-types';

/** WeChat answered with a non-zero errcode. */
export class WeChatApiError extends WxtplError {
  override name = 'WeChatApiError';
  readonly errcode: number;
  readonly errmsg: string;
  /** Endpoint path, never with its query string (the access_token lives there). */
  readonly path: string;
  readonly zh: string;
  readonly en: string;
  readonly action: ErrcodeAction;

  constructor(errcode: number, errmsg: string, path: string) {
    const meaning = describeErrcode(errcode);
    super(
      'WECHAT_API',
      `WeChat ${path} failed with errcode ${errcode}: ${meaning.en} (${meaning.zh}); errmsg: ${errmsg}`,
    );
    this.errcode = errcode;
    this.errmsg = errmsg;
    this.path = path;
    this.zh = meaning.zh;
    this.en = meaning.en;
    this.action = meaning.action;
  }
}

export type TransportFailure =
  | 'timeout'
  | 'connection'
  | 'http_status'
  | 'bad_response'
  | 'aborted';

/**
 * The request did not produce a WeChat answer. `requestSent` tells whether WeChat may have
 * received (and acted on) it: a send whose outcome is unknown must not blindly burn a new credit.
 */
export class WeChatTransportError extends WxtplError {
  override name = 'WeChatTransportError';
  constructor(
    message: string,
    readonly path: string,
    readonly failure: TransportFailure,
    readonly requestSent: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super('WECHAT_TRANSPORT', message, options);
  }
}

/** The access-token owner could not produce a token (lock wait exceeded, provider failure…). */
export class AccessTokenError extends WxtplError {
  override name = 'AccessTokenError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ACCESS_TOKEN', message, options);
  }
}

/**
 * A cause safe to keep on an error: ours as they are (secret-free by construction), anything
 * else reduced to its name and message. A Redis client's error carries the command's arguments
 * (`command.args`: a token being stored, a credit's id), which `util.inspect` would print.
 */
export function safeCause(error: unknown): unknown {
  if (error instanceof WxtplError) return error;
  const safe = new Error(error instanceof Error ? error.message : String(error));
  safe.name = error instanceof Error ? error.name : 'Error';
  return safe;
}

/**
 * Why a store call failed, in words that say what to check. ioredis reports a Redis it cannot
 * reach as "Reached the max retries per request limit (which is 0)…" (the store sends each
 * command once) or "Connection is closed": the reader needs to hear that Redis is not answering.
 */
export function describeStoreFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (
    /max retries per request|connection is closed|stream isn't writeable/i.test(message) ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ENOTFOUND'
  ) {
    return 'Redis is not answering: is it running, and does the store URL (e.g. REDIS_URL) point at it?';
  }
  return message;
}
