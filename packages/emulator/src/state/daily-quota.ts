import { SavedMap } from './saved-map.js';

/** Serialised quota counters. */
export type QuotaDump = [string, { day: number; count: number }][];

// WeChat's quotas roll over at midnight China Standard Time (UTC+8).
const CST_OFFSET_MS = 8 * 3600_000;

/** Counts each app's accepted sends per virtual day. */
export class DailyQuota extends SavedMap<{ day: number; count: number }> {
  /** Sends accepted today for `appId`. */
  used(appId: string, now: number): number {
    const counter = this.entries.get(appId);
    return counter && counter.day === dayOf(now) ? counter.count : 0;
  }

  record(appId: string, now: number): void {
    const day = dayOf(now);
    const counter = this.entries.get(appId);
    if (counter && counter.day === day) counter.count += 1;
    else this.entries.set(appId, { day, count: 1 });
  }
}

function dayOf(now: number): number {
  return Math.floor((now + CST_OFFSET_MS) / 86_400_000);
}
