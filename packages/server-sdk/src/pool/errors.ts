import { WxtplError } from '../errors.js';

/** An openid the pool cannot key credits by (not a short printable string). */
export class InvalidOpenidError extends WxtplError {
  override name = 'InvalidOpenidError';
  constructor(readonly reason: string) {
    super(`invalid openid: ${reason}`);
  }
}

/** A pool option or argument the pool cannot use. */
export class PoolInputError extends WxtplError {
  override name = 'PoolInputError';
}
