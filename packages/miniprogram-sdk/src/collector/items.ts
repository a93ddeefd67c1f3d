import {
  COLLECT_MAX_ID_LENGTH,
  type CollectSubscription,
  SUBSCRIBE_TMPL_IDS_MAX,
} from '../shared.js';
import type { SubscribeAnswer } from '../sink.js';

const has = (value: unknown, key: string, type: string) =>
  !!value && typeof (value as Record<string, unknown>)[key] === type;

/** A stored formId, as an older collector may have written it too. */
export const isFormIdItem = (value: unknown) =>
  has(value, 'formId', 'string') && has(value, 'createdAt', 'number');

/** A stored popup report. */
export const isReport = (value: unknown) =>
  has(value, 'id', 'string') &&
  Array.isArray((value as CollectSubscription).templateIds) &&
  has(value, 'acceptedAt', 'number');

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
