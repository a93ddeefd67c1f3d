import { SUBSCRIBE_TMPL_IDS_MAX } from '../shared.js';
import { type FormIdSink, safely, toSink } from '../sink.js';
import { globalWx, type SubscribeWx } from '../wx-api.js';
import { askWx } from './call.js';
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
  const refs = (templates || []).map((template) =>
    typeof template === 'string' ? { id: template } : template || { id: '' },
  );
  // The kind of each: its own `longTerm`, else the option's.
  const kinds = refs.map((ref) => !!(ref.longTerm === undefined ? options.longTerm : ref.longTerm));
  const longTerm = kinds[0];
  // The same id twice is one template.
  const ids = refs.map((ref) => ref.id).filter((id, i, all) => all.indexOf(id) === i);
  // WeChat's own errCodes for what it would refuse (SUBSCRIBE_ERRCODE_RULES names them).
  const refused = !ids.length
    ? 10001 // TMPL_IDS_EMPTY
    : ids.some((id) => !id || typeof id !== 'string')
      ? 10004 // INVALID_TMPL_ID
      : kinds.some((kind) => kind !== longTerm)
        ? 20002 // MIXED_TEMPLATE_KINDS
        : ids.length > SUBSCRIBE_TMPL_IDS_MAX
          ? 20003 // TOO_MANY_TEMPLATES
          : 0;
  // Synchronously, still inside the user's tap: WeChat refuses the call anywhere else.
  const asked = refused
    ? Promise.reject(new SubscribeError(refused))
    : askWx<Record<string, string>>(
        options.wx || globalWx<SubscribeWx>(),
        'requestSubscribeMessage',
        {
          tmplIds: ids,
        },
      );
  return asked.then((answer) => {
    const results: SubscribeResults = {};
    for (const id of ids) results[id] = answer[id] as SubscribeResults[string];
    const queue = (sink: FormIdSink) =>
      safely(() => sink.addSubscriptions && sink.addSubscriptions(results, { longTerm }));
    if (options.collector) queue(options.collector);
    else toSink(queue);
    return results;
  });
}
