import { randomUUID } from 'node:crypto';
import {
  type CollectRejection,
  CREDIT_TTL_MS,
  FORM_ID_QUOTA,
  InvalidArgumentError,
  PREPAY_ID_QUOTA,
  validateFormId,
} from '@wxtpl/shared-types';
import type {
  Credit,
  CreditOwner,
  CreditSource,
  CreditStore,
  NewCredit,
  SendLimit,
  Store,
} from '../store/types.js';
import { CreditLease } from './credit-lease.js';
import { InvalidOpenidError } from './errors.js';
import { guardCredits } from './guarded-credits.js';
import type { IngestItem, IngestResult } from './types.js';

const MINUTE_MS = 60_000;

/** Options of {@link FormIdPool}. */
export interface FormIdPoolOptions {
  /** Where credits live (`store.credits`): the same store as the client's tokens. */
  store: Store;
  appId: string;
  /** Credits are never spent this close to WeChat's 7-day expiry. Default 10 minutes. */
  safetyMarginMs?: number;
  /** Credits kept per user; beyond it those expiring first are dropped. Default 100. */
  maxCreditsPerUser?: number;
  /** How far in the future a `createdAt` may lie (phone clocks drift). Default 5 minutes. */
  maxFutureSkewMs?: number;
  /** Epoch milliseconds now. Default `Date.now`; tests pass a virtual clock. */
  now?: () => number;
}

/** What {@link FormIdPool.take} found. */
export type TakeResult =
  | { readonly kind: 'credit'; readonly lease: CreditLease }
  | { readonly kind: 'none' }
  /** The per-user send limit is reached until `retryAt` (epoch ms). */
  | { readonly kind: 'limited'; readonly retryAt: number };

// Printable ASCII without spaces or braces: braces would break the Redis hash tag.
const OPENID = /^[\x21-\x7a\x7c\x7e]{1,128}$/;

/**
 * The per-user pool of send credits: formIds (1 message each) and prepay_ids (3 messages each),
 * each valid 7 days. Validates what it stores, spends the credit expiring first, atomically.
 */
export class FormIdPool {
  readonly appId: string;
  readonly safetyMarginMs: number;
  readonly maxCreditsPerUser: number;
  readonly maxFutureSkewMs: number;
  readonly #credits: CreditStore;
  readonly #now: () => number;

  constructor(options: FormIdPoolOptions) {
    if (typeof options?.appId !== 'string' || !OPENID.test(options.appId)) {
      throw new InvalidArgumentError('appId must be a non-empty printable string', 'appId');
    }
    if (typeof options.store?.credits?.take !== 'function') {
      throw new InvalidArgumentError(
        'store must be a Store (createMemoryStore(), createRedisStore(…) or your own)',
        'store',
      );
    }
    this.appId = options.appId;
    this.safetyMarginMs = nonNegative(options.safetyMarginMs, 10 * MINUTE_MS, 'safetyMarginMs');
    this.maxFutureSkewMs = nonNegative(options.maxFutureSkewMs, 5 * MINUTE_MS, 'maxFutureSkewMs');
    this.maxCreditsPerUser = nonNegative(options.maxCreditsPerUser, 100, 'maxCreditsPerUser');
    if (this.maxCreditsPerUser < 1) {
      throw new InvalidArgumentError('maxCreditsPerUser must be >= 1', 'maxCreditsPerUser');
    }
    if (this.safetyMarginMs >= CREDIT_TTL_MS) {
      throw new InvalidArgumentError(
        'safetyMarginMs must be shorter than the 7-day credit lifetime',
        'safetyMarginMs',
      );
    }
    if (options.now !== undefined && typeof options.now !== 'function') {
      throw new InvalidArgumentError('now must be a function returning epoch ms', 'now');
    }
    this.#now = options.now ?? Date.now;
    this.#credits = guardCredits(options.store.credits);
  }

  /** The pool's current time (its `now` option). */
  now(): number {
    return this.#now();
  }

  /**
   * Stores formIds a user's forms produced. Each item is accepted (a new credit), a duplicate
   * (known already: never a second credit) or rejected with a permanent reason.
   */
  async ingest(openid: string, items: readonly IngestItem[]): Promise<IngestResult> {
    if (!Array.isArray(items)) throw new InvalidArgumentError('items must be an array', 'items');
    return this.#store(openid, 'form', items);
  }

  /**
   * Stores a paid order's prepay_id: 3 messages within 7 days. Call it once the payment
   * succeeded; `createdAt` is when the prepay_id was issued (default now).
   */
  async addPrepayId(openid: string, prepayId: string, createdAt?: number): Promise<IngestResult> {
    return this.#store(openid, 'prepay', [{ formId: prepayId, createdAt }]);
  }

  /** Messages the user can still be sent (uses left over live credits). */
  async available(openid: string): Promise<number> {
    return this.#credits.count(this.#owner(openid), { now: this.#now() });
  }

  /** The user's live credits, expiring first first. */
  async credits(openid: string): Promise<Credit[]> {
    return this.#credits.list(this.#owner(openid), { now: this.#now() });
  }

  /**
   * Takes one use of the credit expiring first, in one atomic step (one Redis round trip). The
   * Notifier calls this; call it yourself only to send through your own code, and settle the lease.
   */
  async take(openid: string, options: { limit?: SendLimit } = {}): Promise<TakeResult> {
    const owner = this.#owner(openid);
    const takeId = randomUUID();
    const outcome = await this.#credits.take(owner, {
      now: this.#now(),
      takeId,
      limit: options.limit,
    });
    if (outcome.kind !== 'credit') return outcome;
    const credit: Credit = {
      id: outcome.id,
      source: outcome.source,
      usesLeft: outcome.usesLeft,
      expiresAt: outcome.expiresAt,
      openid,
      appId: this.appId,
    };
    const ref = {
      id: outcome.id,
      source: outcome.source,
      expiresAt: outcome.expiresAt,
      quota: quotaOf(outcome.source),
      takeId,
    };
    return { kind: 'credit', lease: new CreditLease(credit, ref, this.#credits, owner, this.#now) };
  }

  /** Deletes every expired credit of this app; resolves to how many were removed. */
  async purgeExpired(): Promise<number> {
    return this.#credits.purge(this.appId, { now: this.#now() });
  }

  async #store(
    openid: string,
    source: CreditSource,
    items: readonly IngestItem[],
  ): Promise<IngestResult> {
    const owner = this.#owner(openid);
    const now = this.#now();
    const rejected: CollectRejection[] = [];
    const candidates: NewCredit[] = [];
    for (const item of items) {
      const formId = (item as { formId?: unknown } | null)?.formId;
      const problem = validateFormId(formId);
      if (problem !== null) {
        rejected.push({
          formId: typeof formId === 'string' ? formId : String(formId),
          reason: problem,
        });
        continue;
      }
      const id = formId as string;
      const createdAt = item.createdAt ?? now;
      if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) {
        throw new InvalidArgumentError(
          `createdAt of ${JSON.stringify(id)} must be epoch milliseconds`,
          'createdAt',
        );
      }
      if (createdAt > now + this.maxFutureSkewMs) {
        rejected.push({ formId: id, reason: 'created_in_future' });
        continue;
      }
      // A clock slightly ahead never lengthens a credit's life.
      const expiresAt = Math.min(createdAt, now) + CREDIT_TTL_MS - this.safetyMarginMs;
      if (expiresAt <= now) {
        rejected.push({ formId: id, reason: 'expired' });
        continue;
      }
      candidates.push({ id, source, quota: quotaOf(source), expiresAt });
    }
    if (candidates.length === 0) return { accepted: [], duplicates: [], rejected, evicted: [] };
    const outcome = await this.#credits.insert(owner, candidates, {
      now,
      maxCredits: this.maxCreditsPerUser,
    });
    return {
      accepted: outcome.added,
      duplicates: outcome.duplicates,
      rejected,
      evicted: outcome.evicted,
    };
  }

  #owner(openid: string): CreditOwner {
    if (typeof openid !== 'string') throw new InvalidOpenidError('expected a string');
    if (!OPENID.test(openid)) {
      throw new InvalidOpenidError(
        'expected 1 to 128 printable ASCII characters, no spaces or braces',
      );
    }
    return { appId: this.appId, openid };
  }
}

function quotaOf(source: CreditSource): number {
  return source === 'prepay' ? PREPAY_ID_QUOTA : FORM_ID_QUOTA;
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative integer`, name);
  }
  return value;
}
