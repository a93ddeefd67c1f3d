import { SUBSCRIBE_ERRCODE_RULES as RULES, SUBSCRIBE_TMPL_IDS_MAX } from '../shared.js';
import { type FormIdSink, safely, toSink } from '../sink.js';
import { globalWx, type SubscribeWx } from '../wx-api.js';
import { SubscribeError } from './errors.js';
import type { SubscribeResults, SubscribeTemplateRef } from './types.js';

/** Options of {@link requestSubscribe}. */
export interface RequestSubscribeOptions {
  /** Where accepted templates go (default: the collector given to `registerCollector`). */
  collector?: FormIdSink;
  /** The kind of the ids given as strings: long-term (长期订阅) or one-time (the default). */
  longTerm?: boolean;
  /** The `wx` object (default the global one). */
  wx?: SubscribeWx;
}

/**
 * Asks the user to accept up to 3 subscribe templates of one kind (`wx.requestSubscribeMessage`),
 * and queues the accepted ones in the collector. Call it synchronously in a tap handler (bindtap,
 * or the submit of a form tapped). Resolves to each template's result; rejects with a
 * {@link SubscribeError} — more than 3 templates, mixed kinds or an empty list before WeChat is
 * asked, else what WeChat answered (20004: the user turned subscriptions off).
 */
export function requestSubscribe(
  templates: readonly SubscribeTemplateRef[],
  options: RequestSubscribeOptions = {},
): Promise<SubscribeResults> {
  const wx = options.wx || globalWx<SubscribeWx>();
  const ids: string[] = [];
  const kinds: Record<string, true> = {};
  for (const template of templates || []) {
    const id = typeof template === 'string' ? template : template && template.id;
    if (typeof id !== 'string' || id === '') {
      return Promise.reject(new SubscribeError(RULES.INVALID_TMPL_ID.errCode));
    }
    const longTerm =
      typeof template === 'object' && template.longTerm !== undefined
        ? template.longTerm
        : options.longTerm;
    kinds[longTerm ? 'long' : 'once'] = true;
    if (ids.indexOf(id) < 0) ids.push(id);
  }
  const refused =
    ids.length === 0
      ? RULES.TMPL_IDS_EMPTY
      : ids.length > SUBSCRIBE_TMPL_IDS_MAX
        ? RULES.TOO_MANY_TEMPLATES
        : Object.keys(kinds).length > 1
          ? RULES.MIXED_TEMPLATE_KINDS
          : null;
  if (refused) return Promise.reject(new SubscribeError(refused.errCode));
  if (!wx || !wx.requestSubscribeMessage) return Promise.reject(new SubscribeError('UNSUPPORTED'));
  const longTerm = !!kinds.long;
  return new Promise((resolve, reject) => {
    // Synchronously, still inside the user's tap: WeChat refuses the call anywhere else.
    (wx.requestSubscribeMessage as Required<SubscribeWx>['requestSubscribeMessage'])({
      tmplIds: ids,
      success(answer) {
        const results: SubscribeResults = {};
        for (const id of ids) results[id] = answer[id] as SubscribeResults[string];
        const queue = (sink: FormIdSink) =>
          safely(() => sink.addSubscriptions && sink.addSubscriptions(results, { longTerm }));
        if (options.collector) queue(options.collector);
        else toSink(queue);
        resolve(results);
      },
      fail({ errCode, errMsg }) {
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
      },
    });
  });
}
