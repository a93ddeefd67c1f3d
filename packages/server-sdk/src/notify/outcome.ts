import { WeChatApiError, WeChatTransportError } from '../errors.js';
import {
  DailyLimitError,
  InvalidPageError,
  MessageRejectedError,
  TemplateRejectedError,
} from './errors.js';

/** What one send told about the credit paying for it, by the errcode table. */
export type Outcome =
  | { readonly kind: 'delivered' }
  /** The credit can never be used (41028, 43101) or was used already (41029 on a first send). */
  | { readonly kind: 'dead'; readonly errcode: number }
  /** The request may have reached WeChat, and no answer says what happened. */
  | { readonly kind: 'unknown'; readonly error: unknown }
  /** WeChat did not use the credit. */
  | { readonly kind: 'refused'; readonly error: unknown };

/**
 * The outcome of a send that threw. `retry` marks the one repeat after an unknown outcome: there a
 * used credit (41029) — or a missing acceptance (43101) when the user held just one — means the
 * first send was delivered.
 */
export function outcomeOf(error: unknown, retry: boolean): Outcome {
  if (error instanceof WeChatApiError) {
    if (error.action === 'credit_used') {
      return retry ? { kind: 'delivered' } : { kind: 'dead', errcode: error.errcode };
    }
    if (error.action === 'credit_dead') {
      return retry && error.errcode === 43101
        ? { kind: 'delivered' }
        : { kind: 'dead', errcode: error.errcode };
    }
  }
  if (error instanceof WeChatTransportError && error.requestSent) return { kind: 'unknown', error };
  return { kind: 'refused', error };
}

/**
 * The error `notify` rejects with when WeChat refused a message for good: the errcode table's
 * `refused` and `quota` rows become the Notifier's typed errors; anything else stays as it is.
 */
export function refusalError(
  error: unknown,
  openid: string,
  attempts: number,
  request: { template_id: string; page?: string | undefined },
): unknown {
  if (!(error instanceof WeChatApiError)) return error;
  const options = { cause: error };
  if (error.action === 'quota') {
    return new DailyLimitError(
      `the daily send limit of the account is reached (${error.errcode})`,
      openid,
      attempts,
      options,
    );
  }
  if (error.action !== 'refused') return error;
  if (error.errcode === 40037) {
    return new TemplateRejectedError(
      `WeChat does not know template ${JSON.stringify(request.template_id)} (40037)`,
      openid,
      attempts,
      options,
    );
  }
  if (error.errcode === 41030) {
    return new InvalidPageError(
      `WeChat refused the page ${JSON.stringify(request.page ?? '')} (41030)`,
      openid,
      attempts,
      options,
    );
  }
  return new MessageRejectedError(
    `WeChat refused the message: ${error.en} (${error.errcode}); errmsg: ${error.errmsg}`,
    openid,
    attempts,
    error.errcode,
    options,
  );
}
