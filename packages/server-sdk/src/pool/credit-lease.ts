import type { Credit, CreditOwner, CreditStore, TakenCredit } from '../store/types.js';

/**
 * One use taken from a credit, on its way to WeChat. Settle it at most once: keep it (sent, do
 * nothing), {@link giveBack} (WeChat did not use it) or {@link drop} (WeChat says it is dead).
 * Later calls are no-ops, so one take can never restore two uses.
 */
export class CreditLease {
  /** The credit as the take left it (`usesLeft` after this use). */
  readonly credit: Credit;
  readonly #take: TakenCredit;
  readonly #credits: CreditStore;
  readonly #owner: CreditOwner;
  readonly #now: () => number;
  #settled = false;

  /** @internal */
  constructor(
    credit: Credit,
    take: TakenCredit,
    credits: CreditStore,
    owner: CreditOwner,
    now: () => number,
  ) {
    this.credit = credit;
    this.#take = take;
    this.#credits = credits;
    this.#owner = owner;
    this.#now = now;
  }

  /** The formId / prepay_id to send as `form_id` (for an acceptance: its id). */
  get formId(): string {
    return this.credit.id;
  }

  /** True once given back or dropped. */
  get isSettled(): boolean {
    return this.#settled;
  }

  /**
   * Restores exactly this one use. False when refused: already settled, or the credit expired,
   * was purged or was dropped meanwhile (a credit never outlives its expiry).
   */
  async giveBack(): Promise<boolean> {
    if (this.#settled) return false;
    this.#settled = true;
    return this.#credits.restore(this.#owner, this.#take, { now: this.#now() });
  }

  /**
   * Removes the whole credit for good (41028 invalid/expired, 41029 used); for an acceptance
   * (43101), every acceptance of its template.
   */
  async drop(): Promise<void> {
    if (this.#settled) return;
    this.#settled = true;
    await this.#credits.discard(this.#owner, this.#take, { now: this.#now() });
  }
}
