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
}

/** The outcome of checking an access_token. */
export type TokenCheck = { ok: true; appId: string } | { ok: false; errcode: number };

const OVERLAP_MS = ACCESS_TOKEN_OVERLAP_SECONDS * 1000;

/**
 * access_tokens: 7200 s on the virtual clock; a new token leaves the previous one working for
 * 5 more minutes (then 40001); expiry answers 42001. Lookups are O(1).
 */
export class TokenStore {
  private sequence = 0;
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly latest = new Map<string, string>();
  private readonly generations = new Map<string, number>();

  /** Issues a new token for `appId`, superseding the previous one. */
  issue(appId: string, now: number): { token: string; expiresIn: number } {
    this.prune(now);
    const previous = this.latest.get(appId);
    if (previous !== undefined) {
      const record = this.tokens.get(previous);
      if (record && record.supersededAt === null) record.supersededAt = now;
    }
    this.sequence += 1;
    const token = newAccessToken(this.sequence);
    this.tokens.set(token, {
      appId,
      expiresAt: now + ACCESS_TOKEN_TTL_SECONDS * 1000,
      supersededAt: null,
      generation: this.generations.get(appId) ?? 0,
    });
    this.latest.set(appId, token);
    return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
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
    this.generations.clear();
  }

  dump(): TokenDump {
    return {
      sequence: this.sequence,
      tokens: [...this.tokens],
      latest: [...this.latest],
      generations: [...this.generations],
    };
  }

  load(dump: TokenDump): void {
    this.clear();
    this.sequence = dump.sequence;
    for (const [k, v] of dump.tokens) this.tokens.set(k, v);
    for (const [k, v] of dump.latest) this.latest.set(k, v);
    for (const [k, v] of dump.generations) this.generations.set(k, v);
  }
}
