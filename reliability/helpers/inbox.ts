import type { InboxMessage } from '@wxtpl/emulator';

/** The inbox as evidence: messages per notify marker, and accepted sends per credit. */
export interface InboxRecord {
  /** marker → form_ids of the messages that carry it (more than one is a duplicate delivery). */
  byMarker: Map<string, string[]>;
  /** form_id → messages it paid for (sends the emulator accepted with it). */
  usesByCredit: Map<string, number>;
  total: number;
}

export function inboxRecord(messages: readonly InboxMessage[]): InboxRecord {
  const byMarker = new Map<string, string[]>();
  const usesByCredit = new Map<string, number>();
  for (const message of messages) {
    const marker = String(message.data.keyword3?.value);
    byMarker.set(marker, [...(byMarker.get(marker) ?? []), message.form_id]);
    usesByCredit.set(message.form_id, (usesByCredit.get(message.form_id) ?? 0) + 1);
  }
  return { byMarker, usesByCredit, total: messages.length };
}

/** Counts values by key, e.g. outcomes by error class. */
export function tally<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
