import { userKey } from './user-key.js';

/** What the user chose to keep for a template ("总是保持以上选择，不再询问"). */
export type KeptChoice = 'accept' | 'reject';

/** One user's relation to one subscribe template. */
interface Subscription {
  /** One-time acceptances not yet used that never expire (the default). */
  forever: number;
  /** Expiries (virtual epoch ms, ascending) of one-time acceptances under a configured TTL. */
  expiring: number[];
  /** A long-term acceptance: sends allowed until the user turns the template off. */
  longTerm: boolean;
  kept: KeptChoice | null;
}

/** A user's subscriptions as the control plane shows them. */
export interface SubscriptionView {
  templateId: string;
  /** One-time sends left (unexpired acceptances). */
  oneTime: number;
  longTerm: boolean;
  kept: KeptChoice | null;
}

/** Serialised acceptances. */
export interface AcceptanceDump {
  subscriptions: [string, [string, Subscription][]][];
  mainSwitchOff: string[];
}

/**
 * The user's side of subscribe messages: acceptances (one-time ones counted and consumed,
 * long-term ones kept until turned off), kept choices and the main switch, per app and user.
 */
export class AcceptanceStore {
  readonly #byUser = new Map<string, Map<string, Subscription>>();
  readonly #mainSwitchOff = new Set<string>();

  /** Records one accepted request: one more send (one-time) or sends until turned off. */
  grant(
    appId: string,
    openid: string,
    templateId: string,
    longTerm: boolean,
    expiresAt: number | null,
  ): void {
    const sub = this.#subscription(appId, openid, templateId);
    if (longTerm) sub.longTerm = true;
    else if (expiresAt === null) sub.forever += 1;
    else {
      let at = sub.expiring.length;
      while (at > 0 && (sub.expiring[at - 1] as number) > expiresAt) at--;
      sub.expiring.splice(at, 0, expiresAt);
    }
  }

  keep(appId: string, openid: string, templateId: string, choice: KeptChoice): void {
    this.#subscription(appId, openid, templateId).kept = choice;
  }

  kept(appId: string, openid: string, templateId: string): KeptChoice | null {
    return this.#byUser.get(userKey(appId, openid))?.get(templateId)?.kept ?? null;
  }

  /** True when a send of `templateId` to the user is allowed now. O(1) amortised. */
  holds(appId: string, openid: string, templateId: string, now: number): boolean {
    const sub = this.#byUser.get(userKey(appId, openid))?.get(templateId);
    if (sub === undefined) return false;
    return sub.longTerm || sub.forever > 0 || live(sub, now) > 0;
  }

  /** Uses what pays for one send that {@link holds} allowed: the one-time grant expiring first. */
  consume(appId: string, openid: string, templateId: string, now: number): void {
    const sub = this.#byUser.get(userKey(appId, openid))?.get(templateId);
    if (sub === undefined || sub.longTerm) return;
    if (live(sub, now) > 0) sub.expiring.shift();
    else if (sub.forever > 0) sub.forever -= 1;
  }

  /** The user turned the template off in the settings: acceptances gone, later asks refused. */
  turnOff(appId: string, openid: string, templateId: string): void {
    const sub = this.#subscription(appId, openid, templateId);
    sub.forever = 0;
    sub.expiring = [];
    sub.longTerm = false;
    sub.kept = 'reject';
  }

  mainSwitch(appId: string, openid: string): boolean {
    return !this.#mainSwitchOff.has(userKey(appId, openid));
  }

  setMainSwitch(appId: string, openid: string, on: boolean): void {
    if (on) this.#mainSwitchOff.delete(userKey(appId, openid));
    else this.#mainSwitchOff.add(userKey(appId, openid));
  }

  list(appId: string, openid: string, now: number): SubscriptionView[] {
    const subs = this.#byUser.get(userKey(appId, openid)) ?? new Map<string, Subscription>();
    return [...subs].map(([templateId, sub]) => ({
      templateId,
      oneTime: sub.forever + live(sub, now),
      longTerm: sub.longTerm,
      kept: sub.kept,
    }));
  }

  clear(): void {
    this.#byUser.clear();
    this.#mainSwitchOff.clear();
  }

  dump(): AcceptanceDump {
    return {
      subscriptions: [...this.#byUser].map(([user, subs]) => [user, [...subs]]),
      mainSwitchOff: [...this.#mainSwitchOff],
    };
  }

  load(dump: AcceptanceDump): void {
    this.clear();
    for (const [user, subs] of dump.subscriptions) this.#byUser.set(user, new Map(subs));
    for (const user of dump.mainSwitchOff) this.#mainSwitchOff.add(user);
  }

  #subscription(appId: string, openid: string, templateId: string): Subscription {
    const key = userKey(appId, openid);
    let subs = this.#byUser.get(key);
    if (subs === undefined) {
      subs = new Map();
      this.#byUser.set(key, subs);
    }
    let sub = subs.get(templateId);
    if (sub === undefined) {
      sub = { forever: 0, expiring: [], longTerm: false, kept: null };
      subs.set(templateId, sub);
    }
    return sub;
  }
}

/** Drops the expired acceptances (the oldest first) and counts the unexpired ones. */
function live(sub: Subscription, now: number): number {
  let expired = 0;
  while (expired < sub.expiring.length && (sub.expiring[expired] as number) <= now) expired++;
  if (expired > 0) sub.expiring.splice(0, expired);
  return sub.expiring.length;
}
