import { WxtplError } from '@wxtpl/shared-types';
import { describeStoreFailure, safeCause } from '../errors.js';

/** An openid the pool cannot key credits by (not a short printable string). */
export class InvalidOpenidError extends WxtplError {
  override name = 'InvalidOpenidError';
  constructor(readonly reason: string) {
    super('INVALID_OPENID', `invalid openid: ${reason}`);
  }
}

/**
 * The credit store failed or could not be reached (Redis down, a connection lost mid-command…).
 * Nothing was sent. For a take, the use may or may not have been taken — never both spent and
 * handed out. `operation` names the pool step; `cause` is the store's error (name and message
 * only: a Redis error's command arguments stay out of it).
 */
export class CreditStoreError extends WxtplError {
  override name = 'CreditStoreError';
  constructor(
    readonly operation: string,
    options: { cause: unknown },
  ) {
    super(
      'CREDIT_STORE',
      `the credit store failed during ${operation}: ${describeStoreFailure(options.cause)}`,
      {
        cause: safeCause(options.cause),
      },
    );
  }
}

/** The user uploads more often than the pool's `uploadLimit` allows; nothing was stored. */
export class RateLimitedError extends WxtplError {
  override name = 'RateLimitedError';
  /** Epoch-independent: how long until the window lets uploads in again, at most. */
  readonly retryAfterMs: number;
  constructor(
    readonly openid: string,
    limit: { max: number; windowMs: number },
  ) {
    super(
      'RATE_LIMITED',
      `user ${openid} uploaded more than ${limit.max} times in ${Math.round(limit.windowMs / 1000)} s`,
    );
    this.retryAfterMs = limit.windowMs;
  }
}
