import type { CollectRejection } from '@wxtpl/shared-types';

/**
 * Where a send credit came from. Kept open on purpose: a subscribe-message acceptance can become one
 * more source later without changing the pool.
 */
export type CreditSource = 'form' | 'prepay';

/** One right to message one user: a formId (1 use) or a prepay_id (3 uses), until it expires. */
export interface Credit {
  /** The formId or prepay_id, sent as `form_id`. */
  readonly id: string;
  readonly source: CreditSource;
  /** Uses left after this read (for a taken credit: after the take). */
  readonly usesLeft: number;
  /** Epoch milliseconds after which the pool never spends it (WeChat's 7 days less the margin). */
  readonly expiresAt: number;
  readonly openid: string;
  readonly appId: string;
}

/** Whose credits: one (appId, openid) pair. */
export interface CreditOwner {
  readonly appId: string;
  readonly openid: string;
}

/** A credit to store, already validated by the pool. */
export interface NewCredit {
  readonly id: string;
  readonly source: CreditSource;
  readonly quota: number;
  readonly expiresAt: number;
}

/** What {@link CreditBackend.insert} did. */
export interface InsertOutcome {
  readonly added: string[];
  /** Known already (live, spent or dead) and not yet expired: nothing changed. */
  readonly duplicates: string[];
  /** Stored credits removed to respect the per-user cap (those expiring first). */
  readonly evicted: string[];
}

/** A per-user rolling-window send limit (the reference document's anti-harassment rule). */
export interface SendLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** What {@link CreditBackend.take} did. */
export type TakeOutcome =
  | {
      readonly kind: 'credit';
      readonly id: string;
      readonly source: CreditSource;
      readonly usesLeft: number;
      readonly expiresAt: number;
    }
  | { readonly kind: 'none' }
  /** The send limit is reached; `retryAt` is when the oldest counted send leaves the window. */
  | { readonly kind: 'limited'; readonly retryAt: number };

/** Identifies one take so that giving it back or dropping it touches that take only. */
export interface TakeRef {
  readonly id: string;
  readonly source: CreditSource;
  readonly expiresAt: number;
  readonly quota: number;
  /** Unique per take; also the member recorded in the send-limit log. */
  readonly takeId: string;
}

/**
 * Storage of send credits. Every method is atomic for one owner; {@link take} is one round trip to
 * the backing store. Implementations: memory (per store object) and Redis (Lua scripts).
 */
export interface CreditBackend {
  /** Adds credits not seen before, then evicts the earliest-expiring ones beyond `maxCredits`. */
  insert(
    owner: CreditOwner,
    credits: readonly NewCredit[],
    options: { now: number; maxCredits: number },
  ): Promise<InsertOutcome>;
  /** Takes one use of the live credit expiring first, skipping and deleting expired ones. */
  take(
    owner: CreditOwner,
    options: { now: number; takeId: string; limit?: SendLimit },
  ): Promise<TakeOutcome>;
  /**
   * Restores the one use a take removed. Refused (false) once the credit expired, was purged or
   * was dropped as dead; never raises uses above the quota.
   */
  restore(owner: CreditOwner, take: TakeRef, options: { now: number }): Promise<boolean>;
  /** Removes a credit WeChat refused (41028/41029) for good, and un-counts the take. */
  discard(owner: CreditOwner, take: TakeRef): Promise<void>;
  /** Uses left over the owner's live credits. */
  count(owner: CreditOwner, options: { now: number }): Promise<number>;
  /** Live credits of one owner, expiring first first. */
  list(owner: CreditOwner, options: { now: number }): Promise<Credit[]>;
  /** Deletes expired credits (and their duplicate-detection records) of every user of `appId`. */
  purge(appId: string, options: { now: number }): Promise<number>;
}

/** One item handed to {@link FormIdPool.ingest}: a formId and when the form was submitted. */
export interface IngestItem {
  formId: string;
  /** Epoch milliseconds; defaults to the pool's clock. */
  createdAt?: number;
}

/** What {@link FormIdPool.ingest} did: a `CollectResponse` plus the credits evicted by the cap. */
export interface IngestResult {
  accepted: string[];
  duplicates: string[];
  rejected: CollectRejection[];
  /** Credits stored earlier (or now) that the per-user cap pushed out. */
  evicted: string[];
}
