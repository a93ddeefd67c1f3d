import {
  COLLECT_MAX_ID_LENGTH,
  type CollectSubscription,
  SUBSCRIBE_TMPL_IDS_MAX,
} from '../shared.js';
import type { SubscribeAnswer } from '../sink.js';

/** True when `value` has a string at `id` and a number at `time` (what both queues store). */
const has = (value: unknown, id: string, time: string) =>
  !!value &&
  typeof (value as Record<string, unknown>)[id] === 'string' &&
  typeof (value as Record<string, unknown>)[time] === 'number';

/** A stored formId, as an older collector may have written it too. */
export const isFormIdItem = (value: unknown) => has(value, 'formId', 'createdAt');

/** A stored popup report. */
export const isReport = (value: unknown) =>
  has(value, 'id', 'acceptedAt') && Array.isArray((value as CollectSubscription).templateIds);

/**
 * The popup reports of one answer: its accepted templates, at most 3 per report, each with an
 * id made here once and kept until the backend names it (so a resent report counts once).
 */
export function reportsOf(
  results: SubscribeAnswer,
  longTerm: boolean,
  now: number,
): CollectSubscription[] {
  const accepted = Object.keys(results || {}).filter(
    (id) => results[id] === 'accept' && id.length <= COLLECT_MAX_ID_LENGTH,
  );
  const reports: CollectSubscription[] = [];
  for (let i = 0; i < accepted.length; i += SUBSCRIBE_TMPL_IDS_MAX) {
    const report: CollectSubscription = {
      id: `${now.toString(36)}-${Math.random().toString(36).slice(2)}`,
      templateIds: accepted.slice(i, i + SUBSCRIBE_TMPL_IDS_MAX),
      acceptedAt: now,
    };
    if (longTerm) report.longTerm = true;
    reports.push(report);
  }
  return reports;
}
