import { setTimeout as sleep } from 'node:timers/promises';

/** A call pending this long counts as hung: far above any failover, a hang detector only. */
export const HANG_GUARD_MS = 20_000;

/** How a call ended, and after how long. */
export type Settled<T> =
  | { status: 'fulfilled'; value: T; ms: number }
  | { status: 'rejected'; reason: unknown; ms: number }
  | { status: 'hung'; ms: number };

/**
 * Awaits `promise`, but never longer than `guardMs`: a call still pending then is reported `hung`
 * (a hang detector with a generous bound, not a speed assertion).
 */
export async function settleWithin<T>(promise: Promise<T>, guardMs: number): Promise<Settled<T>> {
  const started = performance.now();
  const guard = new AbortController();
  const hung = sleep(guardMs, 'hung' as const, { signal: guard.signal }).catch(
    () => 'aborted' as const,
  );
  try {
    const winner = await Promise.race([promise.then((value) => ({ value })), hung]);
    const ms = performance.now() - started;
    if (winner === 'hung') return { status: 'hung', ms };
    return { status: 'fulfilled', value: (winner as { value: T }).value, ms };
  } catch (reason) {
    return { status: 'rejected', reason, ms: performance.now() - started };
  } finally {
    guard.abort();
  }
}

/** Polls `condition` every 20 ms until it holds; throws after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
