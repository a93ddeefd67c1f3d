import { CREDIT_TTL_MS, FORM_ID_QUOTA, PREPAY_ID_QUOTA } from '@wxtpl/shared-types';
import { type LiveCredit, LiveCredits } from './live-credits.js';
import { MemoryAudience } from './memory-audience.js';
import type {
  AcceptanceReport,
  AcceptOutcome,
  Credit,
  CreditLimits,
  CreditOwner,
  CreditStore,
  InsertOutcome,
  NewCredit,
  TakenCredit,
  TakeOutcome,
  TakeRequest,
} from './types.js';

/** A take, kept for an hour: a repeated take replays it, a give-back restores exactly it. */
interface TakeRecord {
  state: 'taken' | 'restored' | 'dropped';
  outcome: Extract<TakeOutcome, { kind: 'credit' }>;
  quota: number;
  takenAt: number;
  until: number;
}

/** One template's acceptances held by one user. */
interface Subscription {
  longTermSince?: number;
  /**
   * One-time acceptances (one use each; expiresAt Infinity: never), in the order they are spent:
   * a take pops the first, without comparing ids (they mostly share an expiry).
   */
  oneTime: LiveCredits;
}

/** Everything the memory store knows about one (appId, openid). */
interface OwnerState {
  /** formIds / prepay_ids with uses left, in expiry order. */
  live: LiveCredits;
  /** Remembered ids (live, spent, dead, reports): duplicate detection. */
  seen: Map<string, { forgetAt: number; dead: boolean }>;
  /** Takes counted by the send limit: takeId → when taken. */
  sent: Map<string, number>;
  takes: Map<string, TakeRecord>;
  /** Templates the user holds acceptances of. */
  subscriptions: Map<string, Subscription>;
  /** templateId → reports waiting for their pair: `client:ID` / `push:ID` → when accepted. */
  unpaired: Map<string, Map<string, number>>;
  /** templateId → when its acceptances were last revoked. */
  revoked: Map<string, number>;
}

const TAKE_RECORD_MS = 60 * 60 * 1000;

/** A one-time acceptance as {@link LiveCredits} keeps it: one use. */
function acceptance(id: string, expiresAt: number): LiveCredit {
  return { id, source: 'subscription', usesLeft: 1, expiresAt };
}

/** Credits kept in process memory, owned by one memory store; the same rules as Redis. */
export class MemoryCredits implements CreditStore {
  /** appId → openid → state. */
  readonly #apps = new Map<string, Map<string, OwnerState>>();
  /** appId → templateId → the users holding an acceptance of it (kept exact: one thread). */
  readonly #audiences = new Map<string, Map<string, MemoryAudience>>();

  #app(appId: string): Map<string, OwnerState> {
    let app = this.#apps.get(appId);
    if (app === undefined) {
      app = new Map();
      this.#apps.set(appId, app);
    }
    return app;
  }

  #owner(owner: CreditOwner): OwnerState {
    const app = this.#app(owner.appId);
    let state = app.get(owner.openid);
    if (state === undefined) {
      state = {
        live: new LiveCredits(),
        seen: new Map(),
        sent: new Map(),
        takes: new Map(),
        subscriptions: new Map(),
        unpaired: new Map(),
        revoked: new Map(),
      };
      app.set(owner.openid, state);
    }
    return state;
  }

  async insert(
    owner: CreditOwner,
    credits: readonly NewCredit[],
    options: { now: number; limits: CreditLimits },
  ): Promise<InsertOutcome> {
    const state = this.#owner(owner);
    const { now, limits } = options;
    state.live.dropExpired(now);
    forgetExpired(state, now);
    const added: string[] = [];
    const duplicates: string[] = [];
    for (const credit of credits) {
      if (state.seen.has(credit.id)) {
        duplicates.push(credit.id);
        continue;
      }
      state.seen.set(credit.id, { forgetAt: credit.expiresAt, dead: false });
      state.live.add({
        id: credit.id,
        source: credit.source,
        usesLeft: credit.quota,
        expiresAt: credit.expiresAt,
      });
      added.push(credit.id);
    }
    const evicted: string[] = [];
    for (const credit of state.live.removeFirst(state.live.size - limits.maxCredits)) {
      markDead(state, credit.id);
      evicted.push(credit.id);
    }
    forgetOldest(state, limits.maxRemembered);
    return { added, duplicates, evicted };
  }

  async accept(
    owner: CreditOwner,
    reports: readonly AcceptanceReport[],
    options: { now: number; pairWindowMs: number; limits: CreditLimits },
  ): Promise<AcceptOutcome> {
    const state = this.#owner(owner);
    const { now, pairWindowMs: window, limits } = options;
    forgetExpired(state, now);
    const outcome: AcceptOutcome[number][] = [];
    for (const report of reports) {
      if (state.seen.has(report.reportId)) {
        outcome.push('duplicate');
        continue;
      }
      state.seen.set(report.reportId, { forgetAt: now + CREDIT_TTL_MS, dead: false });
      let subscription = state.subscriptions.get(report.templateId);
      if (subscription === undefined && state.subscriptions.size >= limits.maxTemplates) {
        outcome.push('capped');
        continue;
      }
      if (report.longTerm) {
        subscription ??= { oneTime: new LiveCredits() };
        state.subscriptions.set(report.templateId, subscription);
        outcome.push(subscription.longTermSince === undefined ? 'added' : 'held');
        subscription.longTermSince ??= report.at;
        continue;
      }
      const unpaired = state.unpaired.get(report.templateId) ?? new Map<string, number>();
      state.unpaired.set(report.templateId, unpaired);
      // A report waits for its pair as long as ids are remembered: a phone may upload days late.
      for (const [key, at] of unpaired) if (at <= now - CREDIT_TTL_MS) unpaired.delete(key);
      const other = report.source === 'client' ? 'push:' : 'client:';
      const partner = [...unpaired]
        .filter(([key, at]) => key.startsWith(other) && Math.abs(at - report.at) <= window)
        .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0];
      if (partner !== undefined) {
        unpaired.delete(partner[0]);
        outcome.push('paired');
      } else if ((subscription?.oneTime.size ?? 0) >= limits.maxPerTemplate) {
        outcome.push('capped');
      } else {
        subscription ??= { oneTime: new LiveCredits() };
        state.subscriptions.set(report.templateId, subscription);
        subscription.oneTime.add(acceptance(report.reportId, report.expiresAt));
        unpaired.set(`${report.source}:${report.reportId}`, report.at);
        const oldest = [...unpaired].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
        for (const [key] of oldest.slice(0, unpaired.size - limits.maxPerTemplate * 2)) {
          unpaired.delete(key);
        }
        outcome.push('added');
      }
    }
    forgetOldest(state, limits.maxRemembered);
    for (const templateId of new Set(reports.map((r) => r.templateId))) {
      this.#reindex(owner, state, templateId);
    }
    return outcome;
  }

  async revoke(owner: CreditOwner, templateId: string, options: { now: number }): Promise<number> {
    const state = this.#owner(owner);
    const subscription = state.subscriptions.get(templateId);
    state.subscriptions.delete(templateId);
    state.unpaired.delete(templateId);
    state.revoked.set(templateId, options.now);
    this.#reindex(owner, state, templateId);
    if (subscription === undefined) return 0;
    return subscription.oneTime.size + (subscription.longTermSince === undefined ? 0 : 1);
  }

  async take(owner: CreditOwner, request: TakeRequest): Promise<TakeOutcome> {
    const state = this.#owner(owner);
    const { now, limit, takeId, templateId } = request;
    const recorded = state.takes.get(takeId);
    // A take given back is taken afresh under the same id; any other is replayed.
    if (recorded !== undefined && recorded.until > now && recorded.state !== 'restored') {
      return { ...recorded.outcome, replayed: recorded.state };
    }
    if (limit !== undefined) {
      for (const [id, at] of state.sent) if (at <= now - limit.windowMs) state.sent.delete(id);
      if (state.sent.size >= limit.max) {
        return { kind: 'limited', retryAt: Math.min(...state.sent.values()) + limit.windowMs };
      }
    }
    const taken =
      templateId === undefined ? takeForm(state, now) : takeAcceptance(state, templateId, now);
    if (templateId !== undefined) this.#reindex(owner, state, templateId);
    if (taken === undefined) return { kind: 'none' };
    if (limit !== undefined) state.sent.set(takeId, now);
    // Records are kept in the order they were made: the expired ones are at the front.
    for (const [id, record] of state.takes) {
      if (record.until > now) break;
      state.takes.delete(id);
    }
    // A take id used before goes to the back: records stay in the order they were made.
    if (recorded !== undefined) state.takes.delete(takeId);
    state.takes.set(takeId, {
      state: 'taken',
      outcome: taken.outcome,
      quota: taken.quota,
      takenAt: now,
      until: now + TAKE_RECORD_MS,
    });
    return taken.outcome;
  }

  async restore(
    owner: CreditOwner,
    taken: TakenCredit,
    options: { now: number },
  ): Promise<boolean> {
    const state = this.#owner(owner);
    const record = state.takes.get(taken.takeId);
    if (record === undefined || record.state !== 'taken' || record.until <= options.now)
      return false;
    record.state = 'restored';
    state.sent.delete(taken.takeId);
    const { id, expiresAt, usesLeft } = record.outcome;
    if (expiresAt <= options.now) return false;
    if (taken.templateId !== undefined) {
      if (usesLeft === Number.POSITIVE_INFINITY) return true;
      if ((state.revoked.get(taken.templateId) ?? -1) >= record.takenAt) return false;
      let subscription = state.subscriptions.get(taken.templateId);
      subscription ??= { oneTime: new LiveCredits() };
      state.subscriptions.set(taken.templateId, subscription);
      subscription.oneTime.add(acceptance(id, expiresAt));
      // The take may have dropped the user from the audience (it spent the last acceptance).
      this.#reindex(owner, state, taken.templateId);
      return true;
    }
    const seen = state.seen.get(id);
    if (seen === undefined || seen.dead) return false;
    const live = state.live.get(id);
    if (live === undefined) {
      state.live.add({ id, source: record.outcome.source, usesLeft: 1, expiresAt });
    } else {
      live.usesLeft = Math.min(live.usesLeft + 1, record.quota);
    }
    return true;
  }

  async discard(owner: CreditOwner, taken: TakenCredit, options: { now: number }): Promise<void> {
    const state = this.#owner(owner);
    const record = state.takes.get(taken.takeId);
    if (record !== undefined) {
      if (record.state !== 'taken') return;
      record.state = 'dropped';
    }
    state.sent.delete(taken.takeId);
    if (taken.templateId !== undefined) {
      await this.revoke(owner, taken.templateId, options);
      return;
    }
    state.live.delete(taken.id);
    markDead(state, taken.id);
  }

  async count(
    owner: CreditOwner,
    options: { now: number; templateId?: string | undefined },
  ): Promise<number> {
    const state = this.#apps.get(owner.appId)?.get(owner.openid);
    if (state === undefined) return 0;
    if (options.templateId !== undefined) {
      const subscription = state.subscriptions.get(options.templateId);
      if (subscription === undefined) return 0;
      if (subscription.longTermSince !== undefined) return Number.POSITIVE_INFINITY;
      return subscription.oneTime.inOrder().filter((one) => one.expiresAt > options.now).length;
    }
    let total = 0;
    for (const credit of state.live.inOrder())
      if (credit.expiresAt > options.now) total += credit.usesLeft;
    return total;
  }

  async list(owner: CreditOwner, options: { now: number }): Promise<Credit[]> {
    const state = this.#apps.get(owner.appId)?.get(owner.openid);
    if (state === undefined) return [];
    const { appId, openid } = owner;
    const credits: Credit[] = state.live
      .inOrder()
      .filter((credit) => credit.expiresAt > options.now)
      .map((credit) => ({ ...credit, openid, appId }));
    for (const templateId of [...state.subscriptions.keys()].sort()) {
      const subscription = state.subscriptions.get(templateId) as Subscription;
      if (subscription.longTermSince !== undefined) {
        credits.push({
          id: `longterm:${templateId}`,
          source: 'subscription',
          templateId,
          usesLeft: Number.POSITIVE_INFINITY,
          expiresAt: Number.POSITIVE_INFINITY,
          openid,
          appId,
        });
      }
      for (const { id, expiresAt } of subscription.oneTime.inOrder()) {
        if (expiresAt <= options.now) continue;
        credits.push({
          id,
          source: 'subscription',
          templateId,
          usesLeft: 1,
          expiresAt,
          openid,
          appId,
        });
      }
    }
    return credits;
  }

  async purge(appId: string, options: { now: number }): Promise<number> {
    const app = this.#app(appId);
    const { now } = options;
    let removed = 0;
    for (const [openid, state] of app) {
      removed += state.live.dropExpired(now);
      forgetExpired(state, now);
      for (const [id, at] of state.sent)
        if (at <= now - 30 * 24 * 3600 * 1000) state.sent.delete(id);
      for (const [id, record] of state.takes) if (record.until <= now) state.takes.delete(id);
      for (const [templateId, at] of state.revoked) {
        if (at < now - TAKE_RECORD_MS) state.revoked.delete(templateId);
      }
      for (const [templateId, subscription] of state.subscriptions) {
        removed += subscription.oneTime.dropExpired(now);
        if (subscription.oneTime.size === 0 && subscription.longTermSince === undefined) {
          state.subscriptions.delete(templateId);
          this.#reindex({ appId, openid }, state, templateId);
        }
      }
      for (const [templateId, unpaired] of state.unpaired) {
        for (const [key, at] of unpaired) if (at <= now - CREDIT_TTL_MS) unpaired.delete(key);
        if (unpaired.size === 0) state.unpaired.delete(templateId);
      }
      if (
        state.live.size === 0 &&
        state.seen.size === 0 &&
        state.subscriptions.size === 0 &&
        state.unpaired.size === 0
      ) {
        app.delete(openid);
      }
    }
    return removed;
  }

  async audience(
    appId: string,
    templateId: string,
    cursor: string,
    count: number,
  ): Promise<{ cursor: string; openids: string[] }> {
    const audience = this.#audiences.get(appId)?.get(templateId);
    return audience === undefined ? { cursor: '0', openids: [] } : audience.page(cursor, count);
  }

  /** Keeps the user in the template's audience exactly while they hold an acceptance of it. */
  #reindex(owner: CreditOwner, state: OwnerState, templateId: string): void {
    if (state.subscriptions.has(templateId)) {
      this.#audience(owner.appId, templateId).add(owner.openid);
    } else {
      this.#audiences.get(owner.appId)?.get(templateId)?.delete(owner.openid);
    }
  }

  #audience(appId: string, templateId: string): MemoryAudience {
    let app = this.#audiences.get(appId);
    if (app === undefined) {
      app = new Map();
      this.#audiences.set(appId, app);
    }
    let audience = app.get(templateId);
    if (audience === undefined) {
      audience = new MemoryAudience();
      app.set(templateId, audience);
    }
    return audience;
  }
}

function takeForm(state: OwnerState, now: number) {
  state.live.dropExpired(now);
  const first = state.live.first();
  if (first === undefined) return undefined;
  first.usesLeft -= 1;
  if (first.usesLeft <= 0) state.live.shift();
  return {
    outcome: {
      kind: 'credit' as const,
      id: first.id,
      source: first.source,
      usesLeft: first.usesLeft,
      expiresAt: first.expiresAt,
    },
    quota: first.source === 'prepay' ? PREPAY_ID_QUOTA : FORM_ID_QUOTA,
  };
}

function takeAcceptance(state: OwnerState, templateId: string, now: number) {
  const subscription = state.subscriptions.get(templateId);
  if (subscription === undefined) return undefined;
  if (subscription.longTermSince !== undefined) {
    return {
      outcome: {
        kind: 'credit' as const,
        id: `longterm:${templateId}`,
        source: 'subscription' as const,
        usesLeft: Number.POSITIVE_INFINITY,
        expiresAt: Number.POSITIVE_INFINITY,
      },
      quota: 1,
    };
  }
  subscription.oneTime.dropExpired(now);
  const first = subscription.oneTime.shift();
  if (first === undefined) {
    state.subscriptions.delete(templateId);
    return undefined;
  }
  if (subscription.oneTime.size === 0) state.subscriptions.delete(templateId);
  return {
    outcome: {
      kind: 'credit' as const,
      id: first.id,
      source: 'subscription' as const,
      usesLeft: 0,
      expiresAt: first.expiresAt,
    },
    quota: 1,
  };
}

function forgetExpired(state: OwnerState, now: number): void {
  for (const [id, seen] of state.seen) if (seen.forgetAt <= now) state.seen.delete(id);
}

/** Forgets the remembered ids that expire first, never one still live. */
function forgetOldest(state: OwnerState, keep: number): void {
  let excess = state.seen.size - keep;
  if (excess <= 0) return;
  const oldest = [...state.seen].sort(
    (a, b) => a[1].forgetAt - b[1].forgetAt || (a[0] < b[0] ? -1 : 1),
  );
  for (const [id] of oldest) {
    if (excess <= 0) break;
    if (state.live.get(id) !== undefined) continue;
    state.seen.delete(id);
    excess -= 1;
  }
}

function markDead(state: OwnerState, id: string): void {
  const seen = state.seen.get(id);
  if (seen !== undefined) seen.dead = true;
}
