import type { SubscribeWx } from '../wx-api.js';
import { SubscribeError } from './errors.js';

/**
 * Calls `wx[api](option)` and settles with what its `success` gets. A `fail` rejects with a
 * {@link SubscribeError} from its errCode (or, without one, from its errMsg); an API this base
 * library lacks rejects as `UNSUPPORTED`. The call is made synchronously, so a tap's gesture
 * still holds for it.
 */
export function callWx<T>(
  wx: SubscribeWx | undefined,
  api: keyof SubscribeWx,
  option: Record<string, unknown>,
): Promise<T> {
  return new Promise((success, reject) => {
    if (!wx || !wx[api]) throw new SubscribeError('UNSUPPORTED');
    option.success = success;
    option.fail = ({ errCode, errMsg }: { errCode?: number; errMsg: string }) =>
      reject(
        new SubscribeError(
          typeof errCode === 'number'
            ? errCode
            : /TAP gesture/i.test(errMsg)
              ? 'TAP_GESTURE'
              : 'UNKNOWN',
          errMsg,
        ),
      );
    (wx[api] as (option: unknown) => unknown)(option);
  });
}
