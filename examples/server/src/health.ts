import { randomUUID } from 'node:crypto';
import type { FormIdPool, Store } from '@wxtpl/server-sdk';

/** The parts `/health` checks: the store's keys (tokens, locks) and its credits. */
export type HealthPart = 'store' | 'credits';

/** What `GET /health` answers: 200 when every part is ok, else 503. */
export interface HealthReport {
  ok: boolean;
  checks: Record<HealthPart, 'ok' | 'failed'>;
}

/** A user no one is: reading its credits exercises the credit store without touching a real one. */
const PROBE_OPENID = 'wxtpl-health-probe';
const PROBE_TTL_MS = 10_000;

/**
 * Checks each part once, side by side. Every call is bounded by the store (the Redis store's
 * `commandTimeoutMs`), so a frozen Redis answers 503, not never.
 */
export async function checkHealth(
  parts: { store: Store; pool: FormIdPool },
  onFailure: (part: HealthPart, error: unknown) => void,
): Promise<HealthReport> {
  const probes: Record<HealthPart, () => Promise<unknown>> = {
    // A write and a read back: a read-only replica or a full Redis fails here, not only a dead one.
    store: async () => {
      const key = `health:${randomUUID()}`;
      await parts.store.set(key, 'ok', PROBE_TTL_MS);
      const read = await parts.store.get(key);
      await parts.store.delete(key);
      if (read !== 'ok') throw new Error('the store did not return the value just written');
    },
    credits: () => parts.pool.available(PROBE_OPENID),
  };
  const names = Object.keys(probes) as HealthPart[];
  const results = await Promise.all(
    names.map((part) =>
      probes[part]().then(
        () => 'ok' as const,
        (error: unknown) => {
          onFailure(part, error);
          return 'failed' as const;
        },
      ),
    ),
  );
  const checks = Object.fromEntries(
    names.map((part, i) => [part, results[i]]),
  ) as HealthReport['checks'];
  return { ok: results.every((result) => result === 'ok'), checks };
}
