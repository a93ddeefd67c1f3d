import type { Credit, CreditBackend, CreditOwner, TakeRef } from './types.js';

/**
 * One use taken from a credit, on its way to WeChat. Settle it at most once: keep it (sent, do
 * nothing), {@link giveBack} (WeChat did not use it) or {@link drop} (WeChat says it is dead).
 * Later calls are no-ops, so one take can never restore two uses.
 */
export class CreditLease {
  private settled = false;

  constructor(
    /** The credit as the take left it (`usesLeft` after this use). */
    readonly credit: Credit,
    private readonly ref: TakeRef,
    private readonly backend: CreditBackend,
    private readonly owner: CreditOwner,
    private readonly clock: () => number,
  ) {}

  /** The formId / prepay_id to send as `form_id`. */
  get formId(): string {
    return this.credit.id;
  }

  /** True once given back or dropped. */
  get isSettled(): boolean {
    return this.settled;
  }

  /**
   * Restores exactly this one use. False when refused: already settled, or the credit expired,
   * was purged or was dropped meanwhile (a credit never outlives its expiry).
   */
  async giveBack(): Promise<boolean> {
    if (this.settled) return false;
    this.settled = true;
    return this.backend.restore(this.owner, this.ref, { now: this.clock() });
  }

  /** Removes the whole credit for good (41028 invalid/expired, 41029 used). */
  async drop(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    await this.backend.discard(this.owner, this.ref);
  }
}
