import { callWx, messageOf, type SubscribeWx } from '../wx-api.js';
import { SubscribeError } from './errors.js';

/**
 * Calls `wx[api](option)` and settles with what its `success` gets. A `fail` rejects with a
 * {@link SubscribeError} from its errCode (or, without one, from its errMsg); an API this base
 * library lacks rejects as `UNSUPPORTED`.
 */
export function askWx<T>(
  wx: SubscribeWx | undefined,
  api: keyof SubscribeWx,
  option: Record<string, unknown>,
): Promise<T> {
  if (!wx || !wx[api]) return Promise.reject(new SubscribeError('UNSUPPORTED'));
  return callWx<T>(wx, api, option).catch((failure: { errCode?: unknown; errMsg?: string }) => {
    const { errCode } = failure;
    throw new SubscribeError(
      typeof errCode === 'number'
        ? errCode
        : /TAP gesture/i.test(failure.errMsg as string)
          ? 'TAP_GESTURE'
          : 'UNKNOWN',
      messageOf(failure),
    );
  });
}
