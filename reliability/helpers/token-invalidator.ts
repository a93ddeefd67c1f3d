import { setTimeout as sleep } from 'node:timers/promises';
import type { EmulatorControl, EmulatorStats } from '@wxtpl/emulator';

/** Every answer of the send endpoint so far, accepted or refused. */
export function sendsAnswered(stats: EmulatorStats): number {
  return stats.sends.ok + Object.values(stats.sends.failed).reduce((a, b) => a + b, 0);
}

/**
 * Watches the emulator and invalidates every access_token of the app each time another `every`
 * sends have been answered, until stopped. Resolves to the number of invalidations.
 */
export function invalidateTokensEvery(control: EmulatorControl, appId: string, every: number) {
  let stopped = false;
  let invalidations = 0;
  const running = (async () => {
    let next = every;
    while (!stopped) {
      if (sendsAnswered(await control.stats()) >= next) {
        await control.invalidateTokens({ appId });
        invalidations += 1;
        next += every;
      } else {
        await sleep(10);
      }
    }
  })();
  return {
    async stop(): Promise<number> {
      stopped = true;
      await running;
      return invalidations;
    },
  };
}
