import {
  ACCESS_TOKEN_OVERLAP_SECONDS,
  ACCESS_TOKEN_TTL_SECONDS,
  Errcode,
} from '@wxtpl/shared-types';
import { newAccessToken } from './ids.js';

interface TokenRecord {
  appId: string;
  expiresAt: number;
  /** When a newer token made this one stale; it keeps working for the overlap after that. */
  supersededAt: number | null;
  /** `generation` of the app when issued; invalidation bumps the app's generation. */
  generation: number;
}

/** Serialised token store. */
export interface TokenDump {
  sequence: number;
  tokens: [string, TokenRecord][];
  latest: [string, string][];
  generations: [string, number][];
  /** Absent in data files written before stable_token. */
  stable?: [string, string][];
  forced?: [string, ForcedRefreshes][];
}

/** Forced stable_token renewals of one app on one China-time day. */
interface ForcedRefreshes {
  day: number;
  count: number;
  lastAt: number;
}

/** What `stable_token` answers: a token, or an errcode. */
export type StableTokenResult =
  | { ok: true; token: string; expiresIn: number; issued: boolean }
  | { ok: false; errcode: number };

/** stable_token: forced renewals per app and China-time day, and the least time between two. */
export const STABLE_FORCE_REFRESH_PER_DAY = 20;
export const STABLE_FORCE_REFRESH_INTERVAL_MS = 30_000;
const CST_OFFSET_MS = 8 * 3600_000;

/** The outcome of checking an access_token. */
export type TokenCheck = { ok: true; appId: string } | { ok: false; errcode: number };

const OVERLAP_MS = ACCESS_TOKEN_OVERLAP_SECONDS * 1000;

/**
 * access_tokens: 7200 s on the virtual clock; a new token leaves the previous one working for
 * 5 more minutes (then 40001); expiry answers 42001. Lookups are O(1).
 *
 * `GET /cgi-bin/token` and `POST /cgi-bin/stable_token` keep separate lines of tokens, as WeChat
 * does: a fetch on one never invalidates the other's.
 */
export class TokenStore {
  private sequence = 0;
  private readonly tokens = new Map<string, TokenRecord>();
  /** The newest classic token per app. */
  private readonly latest = new Map<string, string>();
  /** The newest stable token per app. */
  private readonly stable = new Map<string, string>();
  private readonly forced = new Map<string, ForcedRefreshes>();
  private readonly generations = new Map<string, number>();

  /** Issues a new classic token for `appId`, superseding the previous one. */
  issue(appId: string, now: number): { token: string; expiresIn: number } {
    const token = this.mint(this.latest, appId, now, OVERLAP_MS);
    return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  /**
   * `stable_token`: the app's stable token while it has more than the overlap (5 minutes) left,
   * else a new one (the old keeps working its last minutes). `force` renews at once and ends the
   * old token now — at most 20 times a day, and a second force within 30 s renews nothing.
   */
  issueStable(appId: string, now: number, force: boolean): StableTokenResult {
    const current = this.stable.get(appId);
    const record = current === undefined ? undefined : this.tokens.get(current);
    const usable = current !== undefined && record !== undefined && this.check(current, now).ok;
    if (force) {
      const day = Math.floor((now + CST_OFFSET_MS) / 86_400_000);
      const counter = this.forced.get(appId);
      const today = counter?.day === day ? counter : { day, count: 0, lastAt: -Infinity };
      if (usable && now - today.lastAt < STABLE_FORCE_REFRESH_INTERVAL_MS) {
        return { ok: true, token: current, expiresIn: secondsLeft(record, now), issued: false };
      }
      if (today.count >= STABLE_FORCE_REFRESH_PER_DAY) {
        return { ok: false, errcode: Errcode.API_DAILY_LIMIT };
      }
      this.forced.set(appId, { day, count: today.count + 1, lastAt: now });
      const token = this.mint(this.stable, appId, now, 0);
      return { ok: true, token, expiresIn: ACCESS_TOKEN_TTL_SECONDS, issued: true };
    }
    if (usable && record.expiresAt - now > OVERLAP_MS) {
      return { ok: true, token: current, expiresIn: secondsLeft(record, now), issued: false };
    }
    const token = this.mint(this.stable, appId, now, OVERLAP_MS);
    return { ok: true, token, expiresIn: ACCESS_TOKEN_TTL_SECONDS, issued: true };
  }

  /** A new token in `line`; the one it replaces keeps working `graceMs` more. */
  private mint(line: Map<string, string>, appId: string, now: number, graceMs: number): string {
    this.prune(now);
    const previous = line.get(appId);
    if (previous !== undefined) {
      const record = this.tokens.get(previous);
      // supersededAt + OVERLAP_MS is when it stops working.
      if (record && record.supersededAt === null) record.supersededAt = now - OVERLAP_MS + graceMs;
    }
    this.sequence += 1;
    const token = newAccessToken(this.sequence);
    this.tokens.set(token, {
      appId,
      expiresAt: now + ACCESS_TOKEN_TTL_SECONDS * 1000,
      supersededAt: null,
      generation: this.generations.get(appId) ?? 0,
    });
    line.set(appId, token);
    return token;
  }

  /** Whether `token` may be used now, and for which app. */
  check(token: string, now: number): TokenCheck {
    const record = this.tokens.get(token);
    if (record === undefined) return { ok: false, errcode: Errcode.INVALID_CREDENTIAL };
    if (record.generation !== (this.generations.get(record.appId) ?? 0)) {
      return { ok: false, errcode: Errcode.INVALID_CREDENTIAL };
    }
    const staleAt = record.supersededAt === null ? Infinity : record.supersededAt + OVERLAP_MS;
    if (now < record.expiresAt && now < staleAt) return { ok: true, appId: record.appId };
    // Whichever came first decides the code: natural expiry or being replaced.
    return {
      ok: false,
      errcode:
        record.expiresAt <= staleAt ? Errcode.ACCESS_TOKEN_EXPIRED : Errcode.INVALID_CREDENTIAL,
    };
  }

  /** Makes every token issued so far for `appId` answer 40001. */
  invalidateApp(appId: string): number {
    const next = (this.generations.get(appId) ?? 0) + 1;
    this.generations.set(appId, next);
    let count = 0;
    for (const record of this.tokens.values()) if (record.appId === appId) count++;
    return count;
  }

  /** Forgets tokens dead for over a day (they would still answer 40001 as unknown tokens). */
  private prune(now: number): void {
    if (this.tokens.size < 1000) return;
    for (const [token, record] of this.tokens) {
      const staleAt = record.supersededAt === null ? Infinity : record.supersededAt + OVERLAP_MS;
      if (Math.min(record.expiresAt, staleAt) + 86_400_000 < now) this.tokens.delete(token);
    }
  }

  clear(): void {
    this.sequence = 0;
    this.tokens.clear();
    this.latest.clear();
    this.stable.clear();
    this.forced.clear();
    this.generations.clear();
  }

  dump(): TokenDump {
    return {
      sequence: this.sequence,
      tokens: [...this.tokens],
      latest: [...this.latest],
      generations: [...this.generations],
      stable: [...this.stable],
      forced: [...this.forced],
    };
  }

  load(dump: TokenDump): void {
    this.clear();
    this.sequence = dump.sequence;
    for (const [k, v] of dump.tokens) this.tokens.set(k, v);
    for (const [k, v] of dump.latest) this.latest.set(k, v);
    for (const [k, v] of dump.generations) this.generations.set(k, v);
    for (const [k, v] of dump.stable ?? []) this.stable.set(k, v);
    for (const [k, v] of dump.forced ?? []) this.forced.set(k, v);
  }
}

function secondsLeft(record: TokenRecord, now: number): number {
  return Math.max(1, Math.floor((record.expiresAt - now) / 1000));
}
