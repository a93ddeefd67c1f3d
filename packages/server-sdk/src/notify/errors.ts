import { WxtplError } from '@wxtpl/shared-types';

/** Base of every error `Notifier.notify` raises itself; names the user and the sends made. */
export class NotifyError extends WxtplError {
  override name = 'NotifyError';
  constructor(
    code: string,
    message: string,
    readonly openid: string,
    /** Sends made to WeChat before giving up (0: WeChat was never called). */
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** The user has no live credit left: nothing was sent. */
export class NoCreditError extends NotifyError {
  override name = 'NoCreditError';
  constructor(
    openid: string,
    attempts = 0,
    /** For a subscribe message: the template the user holds no acceptance of. */
    readonly templateId?: string,
  ) {
    super(
      'NO_CREDIT',
      templateId === undefined
        ? `no formId or prepay_id left for user ${openid}`
        : `user ${openid} holds no acceptance of subscribe template ${templateId}: ask again on the phone (requestSubscribe, or <report-form subscribe>)`,
      openid,
      attempts,
    );
  }
}

/** The per-user rolling-window limit is reached: nothing was sent. */
export class PolicyError extends NotifyError {
  override name = 'PolicyError';
  constructor(
    openid: string,
    /** Epoch ms when the next send becomes allowed. */
    readonly retryAt: number,
    readonly limit: { max: number; windowMs: number },
  ) {
    super(
      'SEND_LIMIT',
      `user ${openid} already got ${limit.max} messages in the last ${Math.round(limit.windowMs / 60_000)} minutes`,
      openid,
      0,
    );
  }
}

/**
 * WeChat refused the message itself (the errcode table's `refused` and `quota` rows); the credit
 * was given back. `cause` is the `WeChatApiError`.
 */
export class MessageRejectedError extends NotifyError {
  override name = 'MessageRejectedError';
  constructor(
    message: string,
    openid: string,
    attempts: number,
    readonly errcode: number,
    options?: { cause?: unknown },
    code = 'MESSAGE_REJECTED',
  ) {
    super(code, message, openid, attempts, options);
  }
}

/** 40037: the template_id is not one of the account's templates. */
export class TemplateRejectedError extends MessageRejectedError {
  override name = 'TemplateRejectedError';
  constructor(message: string, openid: string, attempts: number, options?: { cause?: unknown }) {
    super(message, openid, attempts, 40037, options, 'TEMPLATE_REJECTED');
  }
}

/** 41030: the `page` is not a page of the mini-program. */
export class InvalidPageError extends MessageRejectedError {
  override name = 'InvalidPageError';
  constructor(message: string, openid: string, attempts: number, options?: { cause?: unknown }) {
    super(message, openid, attempts, 41030, options, 'INVALID_PAGE');
  }
}

/** 45009: the account's daily send limit is reached. */
export class DailyLimitError extends MessageRejectedError {
  override name = 'DailyLimitError';
  constructor(message: string, openid: string, attempts: number, options?: { cause?: unknown }) {
    super(message, openid, attempts, 45009, options, 'DAILY_LIMIT');
  }
}

/**
 * The send may or may not have reached the user (a timeout or reset after the request left, and
 * the one retry did not settle it, or the credit was a multi-use prepay_id that a retry could
 * deliver twice). The use stays spent; sending again risks a duplicate message.
 */
export class DeliveryUnknownError extends NotifyError {
  override name = 'DeliveryUnknownError';
  constructor(
    openid: string,
    attempts: number,
    readonly formId: string,
    options?: { cause?: unknown },
  ) {
    super(
      'DELIVERY_UNKNOWN',
      `the outcome of the send to ${openid} with credit ${formId} is unknown`,
      openid,
      attempts,
      options,
    );
  }
}

/**
 * An earlier `notify` under the same `idempotencyKey` took a credit (within the last hour) and
 * never gave it back: that message was delivered, or its fate is unknown. Nothing was sent now.
 */
export class AlreadyAttemptedError extends NotifyError {
  override name = 'AlreadyAttemptedError';
  constructor(
    openid: string,
    readonly formId: string,
  ) {
    super(
      'ALREADY_ATTEMPTED',
      `an earlier notify of ${openid} under this idempotency key spent credit ${formId}; nothing sent again`,
      openid,
      0,
    );
  }
}

/** Every credit tried was dead (41028/41029) and the attempt budget ran out. */
export class CreditsExhaustedError extends NotifyError {
  override name = 'CreditsExhaustedError';
  constructor(openid: string, attempts: number) {
    super(
      'CREDITS_EXHAUSTED',
      `${attempts} credits of user ${openid} were dead in a row; giving up`,
      openid,
      attempts,
    );
  }
}
