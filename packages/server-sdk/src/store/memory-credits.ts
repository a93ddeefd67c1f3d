import { LiveCredits } from './live-credits.js';
import type {
  Credit,
  CreditOwner,
  CreditStore,
  InsertOutcome,
  NewCredit,
  SendLimit,
  TakenCredit,
  TakeOutcome,
} from './types.js';

/** Everything the memory store knows about one (appId, openid). */
interface OwnerState {
  /** Credits with uses left, in expiry order. */
  live: LiveCredits;
  /** Every id accepted and not yet expired (live, used up or dead): duplicate detection. */
  seen: Map<string, { expiresAt: number; dead: boolean }>;
  /** Takes counted by the send limit: takeId → until when it counts. */
  sent: Map<string, number>;
}

/** Credits kept in process memory, owned by one memory store. */
export class MemoryCredits implements CreditStore {
  /** appId → openid → state. */
  readonly #apps = new Map<string, Map<string, OwnerState>>();

  #app(appId: string): Map<string, OwnerState> {
    let app = this.#apps.get(appId);
    if (app === undefined) {
      app = new Map();
      this.#apps.set(appId, app);
    }
    return app;
  }

  #owner(owner: CreditOwner, create: true): OwnerState;
  #owner(owner: CreditOwner, create: false): OwnerState | undefined;
  #owner(owner: CreditOwner, create: boolean): OwnerState | undefined {
    const app = this.#app(owner.appId);
    let state = app.get(owner.openid);
    if (state === undefined && create) {
      state = { live: new LiveCredits(), seen: new Map(), sent: new Map() };
      app.set(owner.openid, state);
    }
    return state;
  }

  async insert(
    owner: CreditOwner,
    credits: readonly NewCredit[],
    options: { now: number; maxCredits: number },
  ): Promise<InsertOutcome> {
    const state = this.#owner(owner, true);
    state.live.dropExpired(options.now);
    const added: string[] = [];
    const duplicates: string[] = [];
    for (const credit of credits) {
      if (state.seen.has(credit.id)) {
        duplicates.push(credit.id);
        continue;
      }
      state.seen.set(credit.id, { expiresAt: credit.expiresAt, dead: false });
      state.live.add({
        id: credit.id,
        source: credit.source,
        usesLeft: credit.quota,
        expiresAt: credit.expiresAt,
      });
      added.push(credit.id);
    }
    const evicted: string[] = [];
    for (const credit of state.live.removeFirst(state.live.size - options.maxCredits)) {
      markDead(state, credit.id);
      evicted.push(credit.id);
    }
    return { added, duplicates, evicted };
  }

  async take(
    owner: CreditOwner,
    options: { now: number; takeId: string; limit?: SendLimit | undefined },
  ): Promise<TakeOutcome> {
    const state = this.#owner(owner, false);
    const { now, limit } = options;
    if (state !== undefined && limit !== undefined) {
      for (const [takeId, countsUntil] of state.sent) {
        if (countsUntil <= now) state.sent.delete(takeId);
      }
      if (state.sent.size >= limit.max) {
        return { kind: 'limited', retryAt: Math.min(...state.sent.values()) };
      }
    }
    if (state === undefined) return { kind: 'none' };
    state.live.dropExpired(now);
    const first = state.live.first();
    if (first === undefined) return { kind: 'none' };
    first.usesLeft -= 1;
    if (first.usesLeft <= 0) state.live.delete(first.id);
    if (limit !== undefined) state.sent.set(options.takeId, now + limit.windowMs);
    return {
      kind: 'credit',
      id: first.id,
      source: first.source,
      usesLeft: first.usesLeft,
      expiresAt: first.expiresAt,
    };
  }

  async restore(owner: CreditOwner, take: TakenCredit, options: { now: number }): Promise<boolean> {
    const state = this.#owner(owner, false);
    if (state === undefined) return false;
    state.sent.delete(take.takeId);
    const seen = state.seen.get(take.id);
    if (seen === undefined || seen.dead || take.expiresAt <= options.now) return false;
    const live = state.live.get(take.id);
    if (live === undefined) {
      state.live.add({
        id: take.id,
        source: take.source,
        usesLeft: 1,
        expiresAt: take.expiresAt,
      });
    } else {
      live.usesLeft = Math.min(live.usesLeft + 1, take.quota);
    }
    return true;
  }

  async discard(owner: CreditOwner, take: TakenCredit): Promise<void> {
    const state = this.#owner(owner, false);
    if (state === undefined) return;
    state.sent.delete(take.takeId);
    state.live.delete(take.id);
    markDead(state, take.id);
  }

  async count(owner: CreditOwner, options: { now: number }): Promise<number> {
    let total = 0;
    for (const credit of await this.list(owner, options)) total += credit.usesLeft;
    return total;
  }

  async list(owner: CreditOwner, options: { now: number }): Promise<Credit[]> {
    const state = this.#owner(owner, false);
    if (state === undefined) return [];
    return state.live
      .inOrder()
      .filter((credit) => credit.expiresAt > options.now)
      .map((credit) => ({ ...credit, openid: owner.openid, appId: owner.appId }));
  }

  async purge(appId: string, options: { now: number }): Promise<number> {
    const app = this.#app(appId);
    let removed = 0;
    for (const [openid, state] of app) {
      removed += state.live.dropExpired(options.now);
      for (const [id, seen] of state.seen) {
        if (seen.expiresAt <= options.now) state.seen.delete(id);
      }
      for (const [takeId, countsUntil] of state.sent) {
        if (countsUntil <= options.now) state.sent.delete(takeId);
      }
      if (state.live.size === 0 && state.seen.size === 0 && state.sent.size === 0) {
        app.delete(openid);
      }
    }
    return removed;
  }
}

function markDead(state: OwnerState, id: string): void {
  const seen = state.seen.get(id);
  if (seen !== undefined) seen.dead = true;
}
