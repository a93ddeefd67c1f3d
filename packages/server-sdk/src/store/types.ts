/**
 * The store port: where the SDK keeps shared state — access tokens, locks, counters and send
 * credits. The SDK ships a memory store (one process) and a Redis store (many processes, Redis
 * Cluster included); implement this interface to keep them anywhere else. One store may serve
 * several apps (every key and credit owner carries the appId).
 *
 * Keys passed in are relative: a store adds its own namespace (a prefix). Every call is bounded:
 * a store that cannot answer in time rejects.
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
  /**
   * Counts one event in a fixed window: the count including this one. The window starts with the
   * first event and lasts `windowMs` (rate limits).
   */
  increment(key: string, windowMs: number): Promise<number>;
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
 * Where a send credit came from: a form's formId, a payment's prepay_id, or a user's acceptance
 * of a subscribe-message popup.
 */
export type CreditSource = 'form' | 'prepay' | 'subscription';

/** One right to message one user. */
export interface Credit {
  /** The formId or prepay_id (sent as `form_id`), or the acceptance's id. */
  readonly id: string;
  readonly source: CreditSource;
  /** For an acceptance: the one template it allows. */
  readonly templateId?: string;
  /** Uses left after this read (for a taken credit: after the take); `Infinity` for long-term. */
  readonly usesLeft: number;
  /** Epoch milliseconds after which it is never spent; `Infinity` when it does not expire. */
  readonly expiresAt: number;
  readonly openid: string;
  readonly appId: string;
}

/** Whose credits: one (appId, openid) pair. */
export interface CreditOwner {
  readonly appId: string;
  readonly openid: string;
}

/** A formId or prepay_id to store, already validated by the pool. */
export interface NewCredit {
  readonly id: string;
  readonly source: 'form' | 'prepay';
  readonly quota: number;
  readonly expiresAt: number;
}

/** Per-user bounds the pool passes to every write. */
export interface CreditLimits {
  /** Live formIds and prepay_ids kept; beyond it those expiring first are evicted. */
  readonly maxCredits: number;
  /** Ids remembered for duplicate detection (live, spent or dead); beyond it the oldest spent ones are forgotten. */
  readonly maxRemembered: number;
  /** Distinct subscribe templates a user holds acceptances of. */
  readonly maxTemplates: number;
  /** One-time acceptances held per template. */
  readonly maxPerTemplate: number;
}

/** What {@link CreditStore.insert} did. */
export interface InsertOutcome {
  readonly added: string[];
  /** Known already (live, spent or dead) and not yet expired: nothing changed. */
  readonly duplicates: string[];
  /** Stored credits removed to respect the per-user cap (those expiring first). */
  readonly evicted: string[];
}

/** One report of an accepted subscribe popup: from the page (`client`) or WeChat's push (`push`). */
export interface AcceptanceReport {
  /** Unique per report, so that a report delivered twice counts once. */
  readonly reportId: string;
  readonly templateId: string;
  readonly source: 'client' | 'push';
  readonly longTerm: boolean;
  /** When the user accepted, epoch ms. */
  readonly at: number;
  /** Epoch ms, or `Infinity` (acceptances do not expire unless the pool is given a TTL). */
  readonly expiresAt: number;
}

/** What {@link CreditStore.accept} did with each report, in order. */
export type AcceptOutcome = ReadonlyArray<
  /** A new credit. */
  | 'added'
  /** The other report of an acceptance already counted: no new credit. */
  | 'paired'
  /** This very report was seen before. */
  | 'duplicate'
  /** A long-term acceptance the user already held. */
  | 'held'
  /** Refused by a per-user bound (`maxTemplates`, `maxPerTemplate`). */
  | 'capped'
>;

/** A per-user rolling-window send limit (the reference document's anti-harassment rule). */
export interface SendLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** What to take: any formId/prepay_id, or an acceptance of one subscribe template. */
export interface TakeRequest {
  readonly now: number;
  /**
   * Unique per take: taking again with the same id replays the recorded outcome (marked
   * `replayed`) and spends nothing more — unless that take was given back: then it takes afresh.
   */
  readonly takeId: string;
  readonly templateId?: string | undefined;
  readonly limit?: SendLimit | undefined;
}

/** What {@link CreditStore.take} did. */
export type TakeOutcome =
  | {
      readonly kind: 'credit';
      readonly id: string;
      readonly source: CreditSource;
      readonly usesLeft: number;
      readonly expiresAt: number;
      /**
       * Set when this take id was taken before (within the hour records are kept): nothing was
       * spent now, and this says how that take stands — `taken` (sent, or its fate unknown) or
       * `dropped` (WeChat said the credit was dead).
       */
      readonly replayed?: 'taken' | 'dropped' | undefined;
    }
  | { readonly kind: 'none' }
  /** The send limit is reached; `retryAt` is when the oldest counted send leaves the window. */
  | { readonly kind: 'limited'; readonly retryAt: number };

/** Names one take, so that giving it back or dropping it touches that take only. */
export interface TakenCredit {
  readonly takeId: string;
  /** The credit taken (its record says the same while it is kept). */
  readonly id: string;
  /** Set when the take was of an acceptance. */
  readonly templateId?: string | undefined;
}

/**
 * Storage of send credits. Every method is atomic for one owner; `take` is one round trip. Takes
 * are recorded by `takeId` for an hour, so a take repeated after a lost reply spends nothing more
 * and a give-back keyed by it restores exactly that use.
 */
export interface CreditStore {
  /** Adds formIds/prepay_ids not seen before, then applies the caps. */
  insert(
    owner: CreditOwner,
    credits: readonly NewCredit[],
    options: { now: number; limits: CreditLimits },
  ): Promise<InsertOutcome>;
  /** Records acceptance reports, pairing a client and a push report within `pairWindowMs`. */
  accept(
    owner: CreditOwner,
    reports: readonly AcceptanceReport[],
    options: { now: number; pairWindowMs: number; limits: CreditLimits },
  ): Promise<AcceptOutcome>;
  /** Removes every acceptance (one-time and long-term) of a template; resolves to how many. */
  revoke(owner: CreditOwner, templateId: string, options: { now: number }): Promise<number>;
  /** Takes one use: of the formId/prepay_id expiring first, or of an acceptance of `templateId`. */
  take(owner: CreditOwner, request: TakeRequest): Promise<TakeOutcome>;
  /**
   * Restores the one use a take removed. False when there is nothing to restore: already settled,
   * never taken, expired, purged, dropped as dead or revoked meanwhile.
   */
  restore(owner: CreditOwner, take: TakenCredit, options: { now: number }): Promise<boolean>;
  /**
   * WeChat says the credit is dead (41028/41029): removes it for good. For an acceptance (43101):
   * revokes every acceptance of that template.
   */
  discard(owner: CreditOwner, take: TakenCredit, options: { now: number }): Promise<void>;
  /** Uses left over the owner's live formIds/prepay_ids, or of one template's acceptances. */
  count(
    owner: CreditOwner,
    options: { now: number; templateId?: string | undefined },
  ): Promise<number>;
  /** Live credits of one owner, formIds/prepay_ids expiring first first, then acceptances. */
  list(owner: CreditOwner, options: { now: number }): Promise<Credit[]>;
  /** Deletes expired credits (and their remembered ids) of every user of `appId`. */
  purge(appId: string, options: { now: number }): Promise<number>;
  /**
   * One page of the users holding an acceptance of `templateId` (some may have spent it since):
   * `cursor` from `'0'` until the returned cursor is `'0'` again.
   */
  audience(
    appId: string,
    templateId: string,
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; openids: string[] }>;
}
