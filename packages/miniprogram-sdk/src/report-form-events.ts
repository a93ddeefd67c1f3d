import type { SubscribeError } from './subscribe/errors.js';
import type { SubscribeResults } from './subscribe/types.js';

/** `event.detail` of `<report-form>`'s `submit`. */
export interface ReportFormSubmitDetail {
  /** The form's values by field `name`. */
  value: Record<string, unknown>;
  /** The real formId, or null for DevTools' mock id and failed ids. */
  formId: string | null;
  /**
   * With `subscribe`: the popup's result per template (the accepted ones are queued in the
   * collector), or null when the request failed (see `subscribeError`). Absent without `subscribe`.
   */
  subscriptions?: SubscribeResults | null;
  /** Why the subscribe request failed (20004: the user turned subscriptions off). */
  subscribeError?: SubscribeError;
}

/** `event.detail` of `<report-form>`'s `reset`. */
export type ReportFormResetDetail = Record<string, never>;
