/** `M月D日 HH:MM` in Beijing time (UTC+8), computed independently of the inbox page's script. */
export function beijingLabel(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** `YYYY年M月D日` in Beijing time. */
export function beijingDate(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The zones the inbox page is tested in: WeChat's own, and one 8 hours away from it. */
export const TIME_ZONES = ['Asia/Shanghai', 'UTC'] as const;
