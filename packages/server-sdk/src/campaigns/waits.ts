import { CreditStoreError } from '../pool/errors.js';
import { CampaignStoreError } from './errors.js';

/** At most `size` holders at once; the others wait in order. */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  async use<T>(task: () => Promise<T>): Promise<T> {
    const wait = this.acquire();
    if (wait !== undefined) await wait;
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Takes a place: undefined when one was free, else a promise of the place (in order). */
  acquire(): Promise<void> | undefined {
    if (this.#free > 0) {
      this.#free -= 1;
      return undefined;
    }
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** Gives a place back (to the first waiting, if any). */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free += 1;
  }
}

/** Waits `ms` (0: yields once). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** How long a worker keeps retrying a store call through a Redis outage before giving up. */
const PATIENCE_MS = 30_000;

/**
 * Runs a call to Redis again while Redis is away (a restart, a failover), with a backoff from
 * 100 ms to 2 s, for at most {@link PATIENCE_MS}; other errors, and the last one, are thrown.
 */
export async function patiently<T>(call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const transient = error instanceof CampaignStoreError || error instanceof CreditStoreError;
      if (!transient || Date.now() >= deadline) throw error;
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }
}
