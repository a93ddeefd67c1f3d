import type { SubscriptionsSetting } from '../shared.js';
import { globalWx, type SubscribeWx } from '../wx-api.js';
import { askWx } from './call.js';

/**
 * The user's subscription settings (`wx.getSetting({ withSubscriptions: true })`, base library
 * ≥ 2.10.1): the main switch and, in `itemSettings`, the templates whose answer the user asked
 * to keep ("总是保持以上选择"). A page skips asking for those kept as `reject`. Older base
 * libraries report nothing: `{ mainSwitch: true }`, so the page asks as usual.
 */
export function getSubscriptionSettings(
  options: { wx?: SubscribeWx } = {},
): Promise<SubscriptionsSetting> {
  return askWx<{ subscriptionsSetting?: SubscriptionsSetting }>(
    options.wx || globalWx<SubscribeWx>(),
    'getSetting',
    { withSubscriptions: true },
  ).then((setting) => setting.subscriptionsSetting || { mainSwitch: true });
}
