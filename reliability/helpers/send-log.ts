import type { SendLog } from './soak-workers.ts';

/** A send whose reply never came (reset after the request left): WeChat may have acted on it. */
export function isLostReply(answer: number | string): boolean {
  return typeof answer === 'string' && answer.startsWith('transport:') && answer.endsWith(':true');
}

/** The send log, summed up against the emulator's counters. */
export interface SendLogSummary {
  /** 41028 / 41029 answers the SDK received. */
  seen41028: number;
  seen41029: number;
  /** 41029 answers NOT to the Notifier's retry of a formId whose reply was lost: double spends. */
  unexplained41029: string[];
  /**
   * Lost replies the emulator may have counted as 41028 (a formId it never issued) or 41029 (a
   * retry after a lost reply) — or as 40001, when the token had just been invalidated.
   */
  lostMaybe41028: number;
  lostMaybe41029: number;
}

/**
 * Reads the soak's send log. A 41029 may only answer the Notifier's retry, with the same formId,
 * of a send whose reply was lost (its check that the first attempt was delivered); any other
 * 41029 means the pool handed out a use WeChat had already consumed. The emulator counts a lost
 * reply as whatever it processed, so its counters can exceed what the SDK saw by at most the lost
 * replies that could have been that answer.
 */
export function summarizeSendLog(sends: SendLog, bogus: ReadonlySet<string>): SendLogSummary {
  const summary: SendLogSummary = {
    seen41028: 0,
    seen41029: 0,
    unexplained41029: [],
    lostMaybe41028: 0,
    lostMaybe41029: 0,
  };
  for (const [marker, log] of Object.entries(sends)) {
    for (const [i, [formId, answer]] of log.entries()) {
      const previous = log[i - 1];
      const retryAfterLostReply = previous?.[0] === formId && isLostReply(previous[1]);
      if (answer === 41028) summary.seen41028 += 1;
      if (answer === 41029) {
        summary.seen41029 += 1;
        if (!retryAfterLostReply) summary.unexplained41029.push(`${marker}: ${formId}`);
      }
      if (isLostReply(answer)) {
        if (bogus.has(formId)) summary.lostMaybe41028 += 1;
        else if (retryAfterLostReply) summary.lostMaybe41029 += 1;
      }
    }
  }
  return summary;
}

/** Per formId, how many 41028 (dead) answers reached the SDK: once dropped, never sent again. */
export function deadAnswers(sends: SendLog): Map<string, number> {
  const byFormId = new Map<string, number>();
  for (const log of Object.values(sends)) {
    for (const [formId, answer] of log) {
      if (answer === 41028) byFormId.set(formId, (byFormId.get(formId) ?? 0) + 1);
    }
  }
  return byFormId;
}
