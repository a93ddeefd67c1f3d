import { describeErrcode, type ErrcodeAction } from '@wxtpl/shared-types';

/** Base class of every error the SDK throws on purpose. */
export class WxtplError extends Error {
  override name = 'WxtplError';
}

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
    super(message, options);
  }
}

/**
 * An argument was refused before any request was made (a page `count` of 30, a duplicate
 * keyword id, an empty appId…). `field` names the offending argument.
 */
export class InvalidArgumentError extends WxtplError {
  override name = 'InvalidArgumentError';
  constructor(
    message: string,
    /** The argument at fault, e.g. `count` or `keywordIds[2]`. */
    readonly field: string,
  ) {
    super(message);
  }
}

/** The access-token owner could not produce a token (lock wait exceeded, provider failure…). */
export class AccessTokenError extends WxtplError {
  override name = 'AccessTokenError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
