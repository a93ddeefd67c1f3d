import type { CampaignStatus } from '../campaigns/types.js';

/** What `watch` remembers between two polls to estimate the time left. */
export interface ProgressClock {
  /** Users settled when the watch began, and when (ms). */
  startProcessed: number;
  startedAt: number;
}

export function processed(status: CampaignStatus): number {
  return status.delivered + status.skipped + status.failed;
}

/** Seconds as `1h02m`, `4m05s` or `12s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600)
    return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** The estimated seconds left, from the pace since the watch began; undefined before any pace. */
export function etaSeconds(
  status: CampaignStatus,
  clock: ProgressClock,
  now: number,
): number | undefined {
  const done = processed(status) - clock.startProcessed;
  const elapsed = (now - clock.startedAt) / 1000;
  if (done <= 0 || elapsed <= 0 || !status.planned) return undefined;
  return (status.total - processed(status)) / (done / elapsed);
}

/** `running  [#######.....]  56% 11,200/20,000  ✓ 11,000 ⤼ 150 ✗ 50  12/s  ETA 4m05s`. */
export function progressLine(
  status: CampaignStatus,
  clock: ProgressClock,
  now: number,
  width = 24,
): string {
  const settled = processed(status);
  const share = status.total === 0 ? (status.state === 'done' ? 1 : 0) : settled / status.total;
  const filled = Math.min(width, Math.round(share * width));
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const of = `${settled.toLocaleString('en')}/${status.total.toLocaleString('en')}${status.planned ? '' : '+'}`;
  const elapsed = (now - clock.startedAt) / 1000;
  const pace = elapsed > 0 ? (settled - clock.startProcessed) / elapsed : 0;
  const eta = etaSeconds(status, clock, now);
  const tail =
    status.state === 'parked' && status.resumeAt !== null
      ? `parked until ${new Date(status.resumeAt).toISOString()}`
      : status.state === 'running'
        ? `${Math.round(pace)}/s  ETA ${eta === undefined ? '?' : duration(eta)}`
        : status.state;
  return `${status.state.padEnd(9)} ${bar} ${String(Math.floor(share * 100)).padStart(3)}% ${of}  delivered ${status.delivered.toLocaleString('en')} skipped ${status.skipped.toLocaleString('en')} failed ${status.failed.toLocaleString('en')}  ${tail}`;
}

/** The status for people: one block. */
export function statusText(status: CampaignStatus): string {
  const errors = Object.entries(status.byError)
    .map(([code, n]) => `${code} × ${n}`)
    .join(', ');
  return [
    `campaign ${status.id}: ${status.state}${status.planned ? '' : ' (still reading the audience)'}`,
    `  template   ${status.templateId}`,
    `  audience   ${status.total.toLocaleString('en')}${status.planned ? '' : ' so far'}`,
    `  delivered  ${status.delivered.toLocaleString('en')}${status.inDoubt > 0 ? ` (${status.inDoubt} in doubt: a worker died mid-send)` : ''}`,
    `  skipped    ${status.skipped.toLocaleString('en')} (no credit)`,
    `  failed     ${status.failed.toLocaleString('en')}${errors === '' ? '' : ` (${errors})`}`,
    ...(status.ratePerSecond === null ? [] : [`  rate       ${status.ratePerSecond}/s`]),
    ...(status.resumeAt === null
      ? []
      : [`  resumes    ${new Date(status.resumeAt).toISOString()}`]),
  ].join('\n');
}
