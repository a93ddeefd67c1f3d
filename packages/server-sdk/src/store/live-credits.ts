import type { CreditSource } from './types.js';

/** A credit with uses left, as the memory backend keeps it. */
export interface LiveCredit {
  id: string;
  source: CreditSource;
  usesLeft: number;
  expiresAt: number;
}

/** Expiring first first; the id breaks ties, so the order is total and stable. */
export function byExpiry(a: LiveCredit, b: LiveCredit): number {
  return a.expiresAt - b.expiresAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * One user's live credits (formIds and prepay_ids, or one template's one-time acceptances), by id
 * and in expiry order at once: a take reads the first one and expired credits are always at the
 * front, so the hot path never scans the whole set.
 */
export class LiveCredits {
  readonly #byId = new Map<string, LiveCredit>();
  /** Every credit of `#byId`, sorted by {@link byExpiry}. */
  readonly #sorted: LiveCredit[] = [];

  get size(): number {
    return this.#sorted.length;
  }

  get(id: string): LiveCredit | undefined {
    return this.#byId.get(id);
  }

  /** The credit expiring first. */
  first(): LiveCredit | undefined {
    return this.#sorted[0];
  }

  /** Every credit, expiring first first (a copy). */
  inOrder(): LiveCredit[] {
    return this.#sorted.slice();
  }

  add(credit: LiveCredit): void {
    this.delete(credit.id);
    this.#byId.set(credit.id, credit);
    this.#sorted.splice(this.#indexFor(credit), 0, credit);
  }

  delete(id: string): boolean {
    const credit = this.#byId.get(id);
    if (credit === undefined) return false;
    this.#byId.delete(id);
    const index = this.#indexFor(credit);
    // The search lands on the credit itself: the order is total.
    if (this.#sorted[index] === credit) this.#sorted.splice(index, 1);
    else this.#sorted.splice(this.#sorted.indexOf(credit), 1);
    return true;
  }

  /** Removes the credit expiring first and returns it (a take: no search, no array made). */
  shift(): LiveCredit | undefined {
    const first = this.#sorted.shift();
    if (first !== undefined) this.#byId.delete(first.id);
    return first;
  }

  /** Removes the `count` credits expiring first; resolves to them. */
  removeFirst(count: number): LiveCredit[] {
    const removed = this.#sorted.splice(0, Math.max(0, count));
    for (const credit of removed) this.#byId.delete(credit.id);
    return removed;
  }

  /** Removes every credit expired at `now`; resolves to how many. */
  dropExpired(now: number): number {
    let expired = 0;
    while (
      expired < this.#sorted.length &&
      (this.#sorted[expired] as LiveCredit).expiresAt <= now
    ) {
      expired += 1;
    }
    if (expired > 0) this.removeFirst(expired);
    return expired;
  }

  // Binary search: the index of the first credit that does not sort before `credit`.
  #indexFor(credit: LiveCredit): number {
    let low = 0;
    let high = this.#sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (byExpiry(this.#sorted[mid] as LiveCredit, credit) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
