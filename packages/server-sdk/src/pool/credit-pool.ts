import { randomUUID } from 'node:crypto';
import {
  type CollectRejection,
  CREDIT_TTL_MS,
  FORM_ID_QUOTA,
  InvalidArgumentError,
  PREPAY_ID_QUOTA,
  validateFormId,
} from '@wxtpl/shared-types';
import { publish, WxtplChannels } from '../observe/channels.js';
import type {
  AcceptanceReport,
  Credit,
  CreditLimits,
  CreditOwner,
  CreditStore,
  NewCredit,
  SendLimit,
  Store,
} from '../store/types.js';
import { CreditLease } from './credit-lease.js';
import { CreditStoreError, InvalidOpenidError, RateLimitedError } from './errors.js';
import { guardCredits } from './guarded-credits.js';
import type { AcceptResult, IngestItem, IngestResult } from './types.js';

const MINUTE_MS = 60_000;

/** Options of {@link CreditPool}. */
export interface CreditPoolOptions {
  /** Where credits live (`store.credits`): the same store as the client's tokens. */
  store: Store;
  appId: string;
  /** Credits are never spent this close to WeChat's 7-day expiry. Default 10 minutes. */
  safetyMarginMs?: number;
  /** Live formIds and prepay_ids kept per user; beyond it those expiring first are dropped. Default 100. */
  maxCreditsPerUser?: number;
  /**
   * Ids remembered per user to recognise a resent formId or report (live, spent or dead, for up
   * to 7 days); beyond it the oldest spent ones are forgotten. Default 500.
   */
  maxRememberedPerUser?: number;
  /** Subscribe templates a user may hold acceptances of. Default 20. */
  maxTemplatesPerUser?: number;
  /** One-time acceptances held per user and template. Default 20. */
  maxAcceptancesPerTemplate?: number;
  /**
   * A client report and a push report of the same user and template this close together are one
   * acceptance. Default 5 minutes.
   */
  pairWindowMs?: number;
  /** Acceptances expire this long after they were given; default never (WeChat documents none). */
  acceptanceTtlMs?: number;
  /** Uploads (`ingest` calls) per user and window; `false` for none. Default 30 per minute. */
  uploadLimit?: { max: number; windowMs?: number } | false;
  /** How far in the future a `createdAt` may lie (phone clocks drift). Default 5 minutes. */
  maxFutureSkewMs?: number;
  /** Epoch milliseconds now. Default `Date.now`; tests pass a virtual clock. */
  now?: () => number;
}

/** What {@link CreditPool.take} found. */
export type TakeResult =
  | {
      readonly kind: 'credit';
      readonly lease: CreditLease;
      /**
       * Set when `takeId` was taken before: nothing was spent now, and the earlier take is
       * `taken` (sent, or its fate unknown) or `dropped` (the credit was dead).
       */
      readonly replayed?: 'taken' | 'dropped' | undefined;
    }
  | { readonly kind: 'none' }
  /** The per-user send limit is reached until `retryAt` (epoch ms). */
  | { readonly kind: 'limited'; readonly retryAt: number };

/** Options of {@link CreditPool.acceptSubscriptions}. */
export interface AcceptOptions {
  /** Who reported it: the page (through the collector) or WeChat's message push. Default `client`. */
  source?: 'client' | 'push';
  /** A long-term acceptance (长期订阅): unlimited sends until revoked. */
  longTerm?: boolean;
  /** When the user accepted, epoch ms; default now. */
  at?: number;
  /**
   * Identifies this report, so that the same report delivered twice (a retried upload, a retried
   * push) counts once. Default: a fresh id (no deduplication).
   */
  reportId?: string;
}

// Printable ASCII without spaces or braces: braces would break the Redis hash tag.
const KEY_PART = /^[\x21-\x7a\x7c\x7e]{1,128}$/;
// Printable ASCII (take ids are stored tab-separated in Redis).
const TAKE_ID = /^[\x20-\x7e]{1,200}$/;

/**
 * The per-user pool of send credits: formIds (1 message each, 7 days), prepay_ids (3 messages, 7
 * days) and subscribe-message acceptances (1 message of one template, or unlimited for long-term).
 * Validates what it stores, bounds what one user can make it hold, and spends each use exactly
 * once, atomically.
 */
export class CreditPool {
  readonly appId: string;
  readonly safetyMarginMs: number;
  readonly maxFutureSkewMs: number;
  readonly pairWindowMs: number;
  readonly acceptanceTtlMs: number | undefined;
  readonly limits: CreditLimits;
  readonly uploadLimit: SendLimit | undefined;
  /** Where the credits live (shared with the message-push handler for its bookkeeping). */
  readonly store: Store;
  readonly #credits: CreditStore;
  /** The store's own credits: {@link take} types their failures itself (no guard's extra turn). */
  readonly #unguarded: CreditStore;
  readonly #now: () => number;

  constructor(options: CreditPoolOptions) {
    if (typeof options?.appId !== 'string' || !KEY_PART.test(options.appId)) {
      throw new InvalidArgumentError('appId must be a non-empty printable string', 'appId');
    }
    if (typeof options.store?.credits?.take !== 'function') {
      throw new InvalidArgumentError(
        'store must be a Store (createMemoryStore(), createRedisStore(…) or your own)',
        'store',
      );
    }
    this.appId = options.appId;
    this.safetyMarginMs = count(options.safetyMarginMs, 10 * MINUTE_MS, 'safetyMarginMs', 0);
    this.maxFutureSkewMs = count(options.maxFutureSkewMs, 5 * MINUTE_MS, 'maxFutureSkewMs', 0);
    this.pairWindowMs = count(options.pairWindowMs, 5 * MINUTE_MS, 'pairWindowMs', 0);
    this.acceptanceTtlMs =
      options.acceptanceTtlMs === undefined
        ? undefined
        : count(options.acceptanceTtlMs, 0, 'acceptanceTtlMs', 1);
    const maxCredits = count(options.maxCreditsPerUser, 100, 'maxCreditsPerUser', 1);
    this.limits = Object.freeze({
      maxCredits,
      maxRemembered: count(options.maxRememberedPerUser, 500, 'maxRememberedPerUser', maxCredits),
      maxTemplates: count(options.maxTemplatesPerUser, 20, 'maxTemplatesPerUser', 1),
      maxPerTemplate: count(options.maxAcceptancesPerTemplate, 20, 'maxAcceptancesPerTemplate', 1),
    });
    if (this.safetyMarginMs >= CREDIT_TTL_MS) {
      throw new InvalidArgumentError(
        'safetyMarginMs must be shorter than the 7-day credit lifetime',
        'safetyMarginMs',
      );
    }
    const upload = options.uploadLimit ?? { max: 30 };
    this.uploadLimit =
      upload === false
        ? undefined
        : Object.freeze({
            max: count(upload.max, 30, 'uploadLimit.max', 1),
            windowMs: count(upload.windowMs, MINUTE_MS, 'uploadLimit.windowMs', 1),
          });
    if (options.now !== undefined && typeof options.now !== 'function') {
      throw new InvalidArgumentError('now must be a function returning epoch ms', 'now');
    }
    this.#now = options.now ?? Date.now;
    this.store = options.store;
    this.#unguarded = options.store.credits;
    this.#credits = guardCredits(options.store.credits);
  }

  /** The pool's current time (its `now` option). */
  now(): number {
    return this.#now();
  }

  /**
   * Stores formIds a user's forms produced. Each item is accepted (a new credit), a duplicate
   * (known already: never a second credit) or rejected with a permanent reason. Rejects with
   * `RateLimitedError` when the user uploads more often than `uploadLimit` allows.
   */
  async ingest(openid: string, items: readonly IngestItem[]): Promise<IngestResult> {
    if (!Array.isArray(items)) throw new InvalidArgumentError('items must be an array', 'items');
    const owner = this.#owner(openid);
    await this.#countUpload(owner);
    const result = await this.#insert(owner, 'form', items);
    publish(WxtplChannels.ingested, () => ({
      appId: this.appId,
      openid,
      accepted: result.accepted.length,
      duplicates: result.duplicates.length,
      rejected: result.rejected.length,
      evicted: result.evicted.length,
    }));
    return result;
  }

  /**
   * Stores a paid order's prepay_id: 3 messages within 7 days. Call it once the payment
   * succeeded; `createdAt` is when the prepay_id was issued (default now).
   */
  async addPrepayId(openid: string, prepayId: string, createdAt?: number): Promise<IngestResult> {
    return this.#insert(this.#owner(openid), 'prepay', [{ formId: prepayId, createdAt }]);
  }

  /**
   * Records that the user accepted subscribe templates (a popup's `accept` results, or WeChat's
   * `subscribe_msg_popup_event`). The page and the push report the same acceptance: a report from
   * one source pairs with one from the other within `pairWindowMs`, so the two make one credit,
   * and a report whose pair was lost still makes one.
   */
  async acceptSubscriptions(
    openid: string,
    templateIds: readonly string[],
    options: AcceptOptions = {},
  ): Promise<AcceptResult> {
    const owner = this.#owner(openid);
    if (!Array.isArray(templateIds)) {
      throw new InvalidArgumentError('templateIds must be an array', 'templateIds');
    }
    const source = options.source ?? 'client';
    if (source !== 'client' && source !== 'push') {
      throw new InvalidArgumentError("source must be 'client' or 'push'", 'source');
    }
    const now = this.#now();
    const at = options.at ?? now;
    if (!Number.isFinite(at)) throw new InvalidArgumentError('at must be epoch ms', 'at');
    const reportId = options.reportId ?? randomUUID();
    if (typeof reportId !== 'string' || reportId === '' || reportId.length > 256) {
      throw new InvalidArgumentError(
        'reportId must be a string of 1 to 256 characters',
        'reportId',
      );
    }
    const result: AcceptResult = { added: [], paired: [], duplicates: [], held: [], capped: [] };
    const reports: AcceptanceReport[] = [];
    for (const [index, templateId] of [...new Set(templateIds)].entries()) {
      checkTemplateId(templateId, `templateIds[${index}]`);
      reports.push({
        reportId: `${reportId}|${templateId}`,
        templateId,
        source,
        longTerm: options.longTerm === true,
        // A phone clock ahead never places an acceptance in the future.
        at: Math.min(at, now),
        expiresAt:
          this.acceptanceTtlMs === undefined
            ? Number.POSITIVE_INFINITY
            : Math.min(at, now) + this.acceptanceTtlMs,
      });
    }
    if (reports.length === 0) return result;
    const outcome = await this.#credits.accept(owner, reports, {
      now,
      pairWindowMs: this.pairWindowMs,
      limits: this.limits,
    });
    reports.forEach((report, i) => {
      const kind = outcome[i];
      const list =
        kind === 'duplicate'
          ? result.duplicates
          : kind === undefined
            ? result.capped
            : result[kind];
      list.push(report.templateId);
    });
    publish(WxtplChannels.accepted, () => ({
      appId: this.appId,
      openid,
      source,
      added: result.added.length,
      paired: result.paired.length,
      duplicates: result.duplicates.length,
      held: result.held.length,
      capped: result.capped.length,
    }));
    return result;
  }

  /** The user turned the template off (or WeChat holds no acceptance): every acceptance of it goes. */
  async revokeSubscription(openid: string, templateId: string): Promise<number> {
    checkTemplateId(templateId, 'templateId');
    const removed = await this.#credits.revoke(this.#owner(openid), templateId, {
      now: this.#now(),
    });
    publish(WxtplChannels.revoked, () => ({ appId: this.appId, openid, templateId, removed }));
    return removed;
  }

  /**
   * Messages the user can still be sent: uses left over live formIds and prepay_ids, or with
   * `templateId` the acceptances of that subscribe template (`Infinity` for a long-term one).
   */
  async available(openid: string, options: { templateId?: string } = {}): Promise<number> {
    if (options.templateId !== undefined) checkTemplateId(options.templateId, 'templateId');
    return this.#credits.count(this.#owner(openid), {
      now: this.#now(),
      templateId: options.templateId,
    });
  }

  /** The user's live credits: formIds and prepay_ids expiring first first, then acceptances. */
  async credits(openid: string): Promise<Credit[]> {
    return this.#credits.list(this.#owner(openid), { now: this.#now() });
  }

  /**
   * Takes one use — of the formId/prepay_id expiring first, or with `templateId` of an acceptance
   * of that template — in one atomic step (one Redis round trip). The Notifier calls this; call it
   * yourself only to send through your own code, and settle the lease. If the store fails or times
   * out, the take is given back by its id as soon as the store answers again.
   */
  async take(
    openid: string,
    options: {
      templateId?: string | undefined;
      limit?: SendLimit | undefined;
      /** Aborts the wait for the store; the take is then given back as soon as the store answers. */
      signal?: AbortSignal | undefined;
      /**
       * Names this take (default: a fresh id). Taking again under the same id within the hour
       * spends nothing more and replays the earlier take (`replayed`), unless it was given back.
       * 1 to 200 printable characters.
       */
      takeId?: string | undefined;
    } = {},
  ): Promise<TakeResult> {
    const owner = this.#owner(openid);
    const { templateId } = options;
    if (templateId !== undefined && !validTemplateIds.has(templateId)) {
      checkTemplateId(templateId, 'templateId');
      if (validTemplateIds.size >= VALID_TEMPLATE_IDS_KEPT) validTemplateIds.clear();
      validTemplateIds.add(templateId);
    }
    const { signal } = options;
    if (signal?.aborted) throw new CreditStoreError('take', { cause: signal.reason });
    // A generated id is valid by construction: only one given is checked.
    const takeId = options.takeId == null ? freshTakeId() : checkTakeId(options.takeId);
    const now = this.#now();
    const request = { now, takeId, templateId: options.templateId, limit: options.limit };
    let outcome: Awaited<ReturnType<CreditStore['take']>>;
    try {
      // Unguarded: the catch below types any failure, a synchronous throw included.
      outcome = await abortable(this.#unguarded.take(owner, request), signal);
    } catch (error) {
      // The take may still run once the store answers: restore it by its id, in the same order.
      const taken = { takeId, id: '', templateId: options.templateId };
      this.#credits.restore(owner, taken, { now }).catch(() => false);
      throw error instanceof CreditStoreError
        ? error
        : new CreditStoreError('take', { cause: error });
    }
    if (outcome.kind !== 'credit') return outcome;
    const { id, source, usesLeft, expiresAt } = outcome;
    const { appId } = this;
    // One literal per shape, not a conditional spread: this runs for every message.
    const credit: Credit =
      options.templateId === undefined
        ? { id, source, usesLeft, expiresAt, openid, appId }
        : { id, source, templateId: options.templateId, usesLeft, expiresAt, openid, appId };
    const taken = { takeId, id, templateId: options.templateId };
    const lease = new CreditLease(credit, taken, this.#credits, owner, this.#now);
    return outcome.replayed === undefined
      ? { kind: 'credit', lease }
      : { kind: 'credit', lease, replayed: outcome.replayed };
  }

  /** Deletes every expired credit of this app; resolves to how many were removed. */
  async purgeExpired(): Promise<number> {
    return this.#credits.purge(this.appId, { now: this.#now() });
  }

  /**
   * The users who accepted `templateId`, page by page (some may have spent the acceptance since:
   * a take tells). Streams: never more than one page in memory.
   */
  async *audience(
    templateId: string,
    options: { pageSize?: number } = {},
  ): AsyncGenerator<string[], void, undefined> {
    checkTemplateId(templateId, 'templateId');
    const pageSize = count(options.pageSize, 500, 'pageSize', 1);
    let cursor = '0';
    do {
      const page = await this.#credits.audience(this.appId, templateId, cursor, pageSize);
      cursor = page.cursor;
      if (page.openids.length > 0) yield page.openids;
    } while (cursor !== '0');
  }

  /**
   * One page of {@link audience}, for callers that keep their place between processes (a
   * campaign's planner): start with cursor `'0'`; the returned cursor is `'0'` after the last page.
   */
  async audiencePage(
    templateId: string,
    options: { cursor?: string; pageSize?: number } = {},
  ): Promise<{ cursor: string; openids: string[] }> {
    checkTemplateId(templateId, 'templateId');
    const pageSize = count(options.pageSize, 500, 'pageSize', 1);
    return this.#credits.audience(this.appId, templateId, options.cursor ?? '0', pageSize);
  }

  async #countUpload(owner: CreditOwner): Promise<void> {
    const limit = this.uploadLimit;
    if (limit === undefined) return;
    const key = `rate:upload:${owner.appId.length}:${owner.appId}:${owner.openid}`;
    let uploads: number;
    try {
      uploads = await this.store.increment(key, limit.windowMs);
    } catch (error) {
      throw new CreditStoreError('upload limit', { cause: error });
    }
    if (uploads > limit.max) throw new RateLimitedError(owner.openid, limit);
  }

  async #insert(
    owner: CreditOwner,
    source: 'form' | 'prepay',
    items: readonly IngestItem[],
  ): Promise<IngestResult> {
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
      const quota = source === 'prepay' ? PREPAY_ID_QUOTA : FORM_ID_QUOTA;
      candidates.push({ id, source, quota, expiresAt });
    }
    if (candidates.length === 0) return { accepted: [], duplicates: [], rejected, evicted: [] };
    const outcome = await this.#credits.insert(owner, candidates, { now, limits: this.limits });
    return {
      accepted: outcome.added,
      duplicates: outcome.duplicates,
      rejected,
      evicted: outcome.evicted,
    };
  }

  #owner(openid: string): CreditOwner {
    if (typeof openid !== 'string') throw new InvalidOpenidError('expected a string');
    if (!KEY_PART.test(openid)) {
      throw new InvalidOpenidError(
        'expected 1 to 128 printable ASCII characters, no spaces or braces',
      );
    }
    return { appId: this.appId, openid };
  }
}

/** The same class under the name of the template-message era (a DESIGN.md contract). */
export const FormIdPool = CreditPool;
export type FormIdPool = CreditPool;
export type FormIdPoolOptions = CreditPoolOptions;

/** The promise, or a rejection with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Template ids a take checked already: a subscribe notify takes under one of a few templates, and
 * a lookup costs less than the check's pattern. Cleared when full, so it stays small.
 */
const validTemplateIds = new Set<string>();
const VALID_TEMPLATE_IDS_KEPT = 1024;

let takeIdPrefix: string | undefined;
let takeIdCount = 0;

/**
 * A take id never used before: a random prefix of this process's own, then a counter — as unique
 * as a UUID per take, and cheaper on every notify (a UUID string is built of some twenty pieces,
 * which every Map lookup and Redis write of it first copies into one).
 */
function freshTakeId(): string {
  takeIdPrefix ??= randomUUID();
  takeIdCount += 1;
  return `${takeIdPrefix}.${takeIdCount.toString(36)}`;
}

function checkTakeId(takeId: unknown): string {
  if (typeof takeId !== 'string' || !TAKE_ID.test(takeId)) {
    throw new InvalidArgumentError('takeId must be 1 to 200 printable characters', 'takeId');
  }
  return takeId;
}

function checkTemplateId(templateId: unknown, path: string): void {
  if (typeof templateId !== 'string' || !KEY_PART.test(templateId)) {
    throw new InvalidArgumentError(
      `${path} must be a template id (1 to 128 printable characters, no spaces or braces)`,
      path,
    );
  }
}

function count(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`, name);
  }
  return value;
}
