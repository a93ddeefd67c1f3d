// WeChat's daily quotas roll over at midnight China Standard Time (UTC+8).
const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The next midnight in Beijing after `now` (epoch ms): when a 45009 daily limit resets. */
export function nextQuotaReset(now: number): number {
  return (Math.floor((now + CST_OFFSET_MS) / DAY_MS) + 1) * DAY_MS - CST_OFFSET_MS;
}
