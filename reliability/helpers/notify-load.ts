import { setTimeout as sleep } from 'node:timers/promises';
import type { Notifier, NotifyResult } from '@wxtpl/server-sdk';
import { type PurchaseTemplate, purchaseData } from '@wxtpl/testkit';
import { type Settled, settleWithin } from './settle.ts';

/** One notify of a load run: which phase it started and ended in, and how it settled. */
export interface LoadOutcome<P extends string> {
  marker: string;
  openid: string;
  startedIn: P;
  endedIn: P;
  settled: Settled<NotifyResult>;
}

/**
 * `concurrency` loops notifying the users round-robin until stopped, each call marked and
 * guarded against hanging. `phase` is read when a call starts and when it ends.
 */
export function startNotifyLoad<P extends string>(options: {
  notifier: Notifier;
  template: PurchaseTemplate;
  openids: readonly string[];
  concurrency: number;
  phase: () => P;
  hangGuardMs: number;
  /** Pause after a failed call, so a dead store is not hammered in a tight loop. */
  pauseAfterFailureMs: number;
}) {
  const outcomes: LoadOutcome<P>[] = [];
  let next = 0;
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const index = next++;
      const openid = options.openids[index % options.openids.length] as string;
      const marker = `load-${index}`;
      const startedIn = options.phase();
      const settled = await settleWithin(
        options.notifier.notify({ openid, template: options.template, data: purchaseData(marker) }),
        options.hangGuardMs,
      );
      outcomes.push({ marker, openid, startedIn, endedIn: options.phase(), settled });
      if (settled.status === 'hung') return;
      if (settled.status === 'rejected') await sleep(options.pauseAfterFailureMs);
    }
  };
  const loops = Array.from({ length: options.concurrency }, loop);
  return {
    outcomes,
    delivered: (phase?: P) =>
      outcomes.filter((o) => o.settled.status === 'fulfilled' && (!phase || o.startedIn === phase))
        .length,
    async stop() {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/**
 * Notifies one user after another, one call at a time, until a call of that user does not
 * deliver (normally `NoCreditError`: nothing left to spend); every call is marked, guarded
 * against hanging and recorded in `phase`.
 */
export async function drainCredits<P extends string>(options: {
  notifier: Notifier;
  template: PurchaseTemplate;
  openids: readonly string[];
  phase: P;
  hangGuardMs: number;
}): Promise<LoadOutcome<P>[]> {
  const { notifier, template, phase } = options;
  const drained: LoadOutcome<P>[] = [];
  for (const openid of options.openids) {
    for (let i = 0; ; i++) {
      const marker = `drain-${openid}-${i}`;
      const settled = await settleWithin(
        notifier.notify({ openid, template, data: purchaseData(marker) }),
        options.hangGuardMs,
      );
      drained.push({ marker, openid, startedIn: phase, endedIn: phase, settled });
      if (settled.status !== 'fulfilled') break;
    }
  }
  return drained;
}
