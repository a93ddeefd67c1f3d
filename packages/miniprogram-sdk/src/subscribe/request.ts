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
  let longTerm: boolean | undefined;
  let refused: keyof typeof RULES | '' = templates && templates.length ? '' : 'TMPL_IDS_EMPTY';
  for (const template of templates || []) {
    const ref = typeof template === 'string' ? { id: template } : template || { id: '' };
    const kind = !!(ref.longTerm === undefined ? options.longTerm : ref.longTerm);
    if (typeof ref.id !== 'string' || !ref.id) refused = 'INVALID_TMPL_ID';
    else if (longTerm !== undefined && kind !== longTerm)
      refused = refused || 'MIXED_TEMPLATE_KINDS';
    if (ids.indexOf(ref.id) < 0) ids.push(ref.id);
    longTerm = kind;
  }
  if (!refused && ids.length > SUBSCRIBE_TMPL_IDS_MAX) refused = 'TOO_MANY_TEMPLATES';
  return new Promise((resolve, reject) => {
    if (refused) return reject(new SubscribeError(RULES[refused].errCode));
    if (!wx || !wx.requestSubscribeMessage) return reject(new SubscribeError('UNSUPPORTED'));
    // Synchronously, still inside the user's tap: WeChat refuses the call anywhere else.
    wx.requestSubscribeMessage({
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
