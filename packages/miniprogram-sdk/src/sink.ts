import { validateFormId } from './shared.js';
import { globalWx } from './wx-api.js';

/** A popup's answer as `wx.requestSubscribeMessage` gives it (`errMsg` included) or as results. */
export type SubscribeAnswer = Readonly<Record<string, string>>;

/** Anything that takes formIds and popup results: a collector from `createCollector`, or your own. */
export interface FormIdSink {
  add(formId: string): unknown;
  /** Takes a popup's results; sinks without it get formIds only. */
  addSubscriptions?(results: SubscribeAnswer, options?: { longTerm?: boolean }): unknown;
}

/** What waits for a sink, and the sink: one per app, whichever copy of the SDK registered it. */
interface Hub {
  sink: FormIdSink | null;
  early: Array<(sink: FormIdSink) => void>;
}

/** Deliveries made before the app registered its collector (a page opened very early). */
const EARLY_LIMIT = 20;
// The hub hangs off the global `wx`, which every copy of the SDK in one app sees (the app's
// bundled copy under Taro or uni-app, and the `miniprogram_dist` one the component loads).
// Its shape is shared between versions: only add to it.
const KEY = '__wxtplHub';
/** This copy's own hub: outside WeChat, or where `wx` takes no new property. */
const own: Hub = { sink: null, early: [] };

function hub(): Hub {
  // Typed as present: without `wx` the write throws and the catch below takes it.
  const host = globalWx<Record<string, Hub>>() as Record<string, Hub>;
  try {
    host[KEY] = host[KEY] || { sink: null, early: [] };
  } catch {
    // No `wx` (outside WeChat), or a frozen one: each copy keeps its own registry.
  }
  // Read back: a frozen `wx` ignores the write silently outside strict mode.
  return (host && host[KEY]) || own;
}

/**
 * Makes `collector` receive every real formId from `<report-form>` and `collectFormId`, and every
 * accepted subscription from `requestSubscribe`. Call it once in `app.js`; `null` stops it.
 * Works across copies of the SDK in one app (a bundler's copy and the component's).
 */
export function registerCollector(collector: FormIdSink | null): void {
  const shared = hub();
  shared.sink = collector;
  if (collector) for (const deliver of shared.early.splice(0)) deliver(collector);
}

/** Hands something to the registered sink, or keeps it until one is registered. */
export function toSink(deliver: (sink: FormIdSink) => void): void {
  const shared = hub();
  if (shared.sink) deliver(shared.sink);
  else if (shared.early.length < EARLY_LIMIT) shared.early.push(deliver);
}

/** A form submit event as `bindsubmit` receives it (only `detail.formId` is read). */
export interface FormSubmitLike {
  detail?: { formId?: unknown; value?: unknown } | null;
}

/**
 * For pages that keep their own `<form report-submit>`: call it from the `bindsubmit` handler.
 * Hands a real formId to the registered collector and returns it; `null` for mock or failed ids.
 */
export function collectFormId(event: FormSubmitLike | null | undefined): string | null {
  const formId = (event && event.detail && event.detail.formId) as string;
  // Null for anything but a storable id (non-strings included).
  if (validateFormId(formId)) return null;
  toSink((sink) => safely(() => sink.add(formId)));
  return formId;
}

/** Runs a call into the app's code; what it throws must never break a page's submit. */
export function safely(call: () => unknown): void {
  try {
    call();
  } catch {
    // ignored on purpose
  }
}
