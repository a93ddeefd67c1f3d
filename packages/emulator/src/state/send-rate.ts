import { Errcode } from '@wxtpl/shared-types';

/** An app's send-rate rule: at most `perSecond` sends, answered `errcode` beyond. */
export interface SendRateRule {
  perSecond: number;
  /** 45011 (API called too often) or -1 (system busy). */
  errcode: typeof Errcode.API_MINUTE_LIMIT | typeof Errcode.SYSTEM_BUSY;
}

/**
 * Per-app send rates on wall time (a rate is about real seconds, whatever the virtual clock
 * says): a token bucket holding one second of sends, refilled continuously. A send that finds it
 * empty is refused and takes nothing.
 */
export class SendRates {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly wallClock: () => number = () => performance.now()) {}

  /** The errcode to answer when this send exceeds the app's rate, or null to let it through. */
  check(appId: string, rule: SendRateRule | null): number | null {
    if (rule === null) return null;
    const now = this.wallClock();
    const bucket = this.buckets.get(appId) ?? { tokens: rule.perSecond, at: now };
    bucket.tokens = Math.min(
      rule.perSecond,
      bucket.tokens + ((now - bucket.at) / 1000) * rule.perSecond,
    );
    bucket.at = now;
    this.buckets.set(appId, bucket);
    if (bucket.tokens < 1) return rule.errcode;
    bucket.tokens -= 1;
    return null;
  }

  /** Forgets the app's bucket (a new rule starts full). */
  reset(appId?: string): void {
    if (appId === undefined) this.buckets.clear();
    else this.buckets.delete(appId);
  }
}

export function isSendRateErrcode(value: unknown): value is SendRateRule['errcode'] {
  return value === Errcode.API_MINUTE_LIMIT || value === Errcode.SYSTEM_BUSY;
}
