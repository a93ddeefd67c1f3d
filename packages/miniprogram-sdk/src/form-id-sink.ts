import { validateFormId } from './shared.js';

/** Anything that takes formIds: a collector from `createCollector`, or your own. */
export interface FormIdSink {
  add(formId: string): unknown;
}

/** Ids submitted before the app registered its collector (a page opened very early). */
const EARLY_LIMIT = 20;
const early: string[] = [];
let sink: FormIdSink | null = null;

/**
 * Makes `collector` receive every real formId from `<report-form>` and `collectFormId`.
 * Call it once in `app.js`; pass `null` to stop.
 */
export function registerCollector(collector: FormIdSink | null): void {
  sink = collector;
  if (collector) for (const formId of early.splice(0)) deliver(collector, formId);
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
  const formId = event?.detail?.formId;
  if (typeof formId !== 'string' || validateFormId(formId) !== null) return null;
  if (sink) deliver(sink, formId);
  else if (early.length < EARLY_LIMIT) early.push(formId);
  return formId;
}

function deliver(target: FormIdSink, formId: string): void {
  try {
    target.add(formId);
  } catch {
    // A page's submit must never break because of the collector.
  }
}
