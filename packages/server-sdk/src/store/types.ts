/**
 * The store port: where the SDK keeps shared state — access tokens, locks and send credits. The
 * SDK ships a memory store (one process) and a Redis store (many processes); implement this
 * interface to keep them anywhere else. One store may serve several apps (every key and credit
 * owner carries the appId).
 *
 * Keys passed in are relative: a store adds its own namespace (a prefix).
 */
export interface Store {
  get(key: string): Promise<string | null>;
  /** Sets a value, with an optional time to live in milliseconds. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** `SET NX PX`: true when the key was absent and is now set (a lock taken). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes the key only while it still holds `expected`; true when it did. */
  compareAndDelete(key: string, expected: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Send credits: atomic per owner, one round trip per take. */
  readonly credits: CreditStore;
  /** Releases connections the store opened itself (never a client it was handed). */
  close(): Promise<void>;
}

/** {@link createMemoryStore}'s store. */
export interface MemoryStore extends Store {
  /** Added in front of every key; default `wxtpl:`. */
  readonly prefix: string;
}

/** {@link createRedisStore}'s store, shared by every process using the same Redis and prefix. */
export interface RedisStore extends Store {
  /** Added in front of every key, e.g. `wxtpl:`; lets test runs and tenants share one Redis. */
  readonly prefix: string;
}

/**
 * Where a send credit came from: a form's formId, a payment's prepay_id. Kept open on purpose: a
 * subscribe-message acceptance becomes one more source without changing the pool.
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

/** What {@link CreditStore.insert} did. */
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

/** What {@link CreditStore.take} did. */
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

/** One take, so that giving it back or dropping it touches that take only. */
export interface TakenCredit {
  readonly id: string;
  readonly source: CreditSource;
  readonly expiresAt: number;
  readonly quota: number;
  /** Unique per take; also the member recorded in the send-limit log. */
  readonly takeId: string;
}

/** Storage of send credits. Every method is atomic for one owner. */
export interface CreditStore {
  /** Adds credits not seen before, then evicts the earliest-expiring ones beyond `maxCredits`. */
  insert(
    owner: CreditOwner,
    credits: readonly NewCredit[],
    options: { now: number; maxCredits: number },
  ): Promise<InsertOutcome>;
  /** Takes one use of the live credit expiring first, skipping and deleting expired ones. */
  take(
    owner: CreditOwner,
    options: { now: number; takeId: string; limit?: SendLimit | undefined },
  ): Promise<TakeOutcome>;
  /**
   * Restores the one use a take removed. Refused (false) once the credit expired, was purged or
   * was dropped as dead; never raises uses above the quota.
   */
  restore(owner: CreditOwner, take: TakenCredit, options: { now: number }): Promise<boolean>;
  /** Removes a credit WeChat refused (41028/41029) for good, and un-counts the take. */
  discard(owner: CreditOwner, take: TakenCredit): Promise<void>;
  /** Uses left over the owner's live credits. */
  count(owner: CreditOwner, options: { now: number }): Promise<number>;
  /** Live credits of one owner, expiring first first. */
  list(owner: CreditOwner, options: { now: number }): Promise<Credit[]>;
  /** Deletes expired credits (and their duplicate-detection records) of every user of `appId`. */
  purge(appId: string, options: { now: number }): Promise<number>;
}
