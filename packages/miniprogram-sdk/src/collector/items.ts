import {
  COLLECT_MAX_ID_LENGTH,
  type CollectItem,
  type CollectSubscription,
  SUBSCRIBE_TMPL_IDS_MAX,
} from '../shared.js';
import type { SubscribeAnswer } from '../subscribe/types.js';

/** A stored formId, as an older collector may have written it too. */
export function isFormIdItem(value: unknown): boolean {
  const item = value as CollectItem | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.formId === 'string' &&
    typeof item.createdAt === 'number'
  );
}

/** A stored popup report. */
export function isReport(value: unknown): boolean {
  const report = value as CollectSubscription | null;
  return (
    typeof report === 'object' &&
    report !== null &&
    typeof report.id === 'string' &&
    Array.isArray(report.templateIds) &&
    typeof report.acceptedAt === 'number'
  );
}

let sequence = 0;

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
    sequence += 1;
    const report: CollectSubscription = {
      id: `${now.toString(36)}-${sequence}-${Math.random().toString(36).slice(2, 10)}`,
      templateIds: accepted.slice(i, i + SUBSCRIBE_TMPL_IDS_MAX),
      acceptedAt: now,
    };
    if (longTerm) report.longTerm = true;
    reports.push(report);
  }
  return reports;
}
