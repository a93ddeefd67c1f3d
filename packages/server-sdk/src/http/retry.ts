import { InvalidArgumentError } from '@wxtpl/shared-types';

/** How transient failures are retried: `retries` extra attempts, exponential backoff with jitter. */
export interface RetryOptions {
  /** Extra attempts after the first; default 2, 0 disables retries. */
  retries?: number;
  /** Delay before the first retry; default 100 ms. */
  minDelayMs?: number;
  /** Ceiling of any delay; default 2000 ms. */
  maxDelayMs?: number;
}

/** {@link RetryOptions} with every default filled in. */
export type RetryPolicy = Readonly<Required<RetryOptions>>;

/** Checks and completes retry options. */
export function resolveRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = {
    retries: options.retries ?? 2,
    minDelayMs: options.minDelayMs ?? 100,
    maxDelayMs: options.maxDelayMs ?? 2000,
  };
  if (!Number.isInteger(policy.retries) || policy.retries < 0 || policy.retries > 20) {
    throw new InvalidArgumentError(
      'retry.retries must be an integer from 0 to 20',
      'retry.retries',
    );
  }
  for (const field of ['minDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(policy[field]) || policy[field] < 0) {
      throw new InvalidArgumentError(`retry.${field} must be a number ≥ 0`, `retry.${field}`);
    }
  }
  if (policy.maxDelayMs < policy.minDelayMs) {
    throw new InvalidArgumentError(
      'retry.maxDelayMs must be ≥ retry.minDelayMs',
      'retry.maxDelayMs',
    );
  }
  return Object.freeze(policy);
}

/**
 * Delay before retry number `attempt` (0 for the first): the exponential step, capped, then
 * "equal jitter" (half fixed, half random) so that many clients failing together spread out.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** attempt);
  return step / 2 + random() * (step / 2);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
