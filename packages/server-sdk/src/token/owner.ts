import { randomUUID } from 'node:crypto';
import { ACCESS_TOKEN_TTL_SECONDS, type AccessTokenResponse } from '@wxtpl/shared-types';
import { AccessTokenError, describeStoreFailure, safeCause } from '../errors.js';
import { sleep } from '../http/retry.js';
import type { Logger } from '../logger/index.js';
import type { Store } from '../store/types.js';
import { tokenKey, tokenLockKey } from './keys.js';
import type { StoredToken, TokenProvider } from './types.js';

/** Everything the {@link AccessTokenOwner} needs from its client. */
export interface AccessTokenOwnerOptions {
  appId: string;
  store: Store;
  logger: Logger;
  /** Fetches a token from WeChat; `stale` is the token just refused, if that is why. */
  fetchToken: (stale: string | undefined) => Promise<AccessTokenResponse>;
  tokenProvider?: TokenProvider | undefined;
  /** Renew when less than this is left; default 300 000 ms. */
  refreshMarginMs: number;
  /** Life of the cross-process fetch lock; a crashed holder delays the others at most this long. */
  lockTtlMs: number;
  now: () => number;
}

interface CachedToken {
  token: string;
  expiresAt: number;
  /** When this process next looks for a newer token. */
  refreshAt: number;
  /** Exact store value it came from, for compare-and-delete; null when not from the store. */
  raw: string | null;
}

const POLL_MIN_MS = 5;
const POLL_MAX_MS = 100;
/** While another process holds the lock, how long a token in its margin is served before re-checking. */
const RECHECK_MS = 1000;
/** After a background renewal failed, callers keep the current token this long before trying again. */
const BACKGROUND_RETRY_MS = 5000;
/**
 * WeChat refusing tokens that never worked means fetching more will not help (another system
 * fetches for this app, or the calls go to the wrong app): after this many in a row, renewals on
 * refusal stop for a while, since WeChat caps token fetches per day.
 */
const FRESH_REFUSALS_BEFORE_PAUSE = 3;
const RENEWAL_PAUSE_MS = 30_000;

/**
 * The "central control server" of WeChat's documentation, built into the SDK: one place per app
 * that renews the access_token early, serves the current one meanwhile, renews on demand when a
 * call reports it invalid, and never lets two fetches (in this process or in others sharing the
 * store) run at once.
 */
export class AccessTokenOwner {
  readonly #o: AccessTokenOwnerOptions;
  readonly #key: string;
  readonly #lockKey: string;
  #cached: CachedToken | undefined;
  #flight: Promise<string> | undefined;
  /** The refused token the flight in progress renews, if it was started for one. */
  #flightFor: string | undefined;
  #invalidation: { stale: string; promise: Promise<string> } | undefined;
  #backgroundRetryAt = 0;
  /** The token the last renewal on refusal produced. */
  #renewed: string | undefined;
  /** The last token WeChat accepted a call with. */
  #proven: string | undefined;
  #freshRefusals = 0;
  #pausedUntil = 0;

  constructor(options: AccessTokenOwnerOptions) {
    this.#o = options;
    this.#key = tokenKey(options.appId);
    this.#lockKey = tokenLockKey(options.appId);
  }

  /** The token held by this process when it needs no renewal yet; the hot path of every call. */
  peek(): string | undefined {
    const cached = this.#cached;
    return cached !== undefined && this.#o.now() < cached.refreshAt ? cached.token : undefined;
  }

  /** WeChat accepted a call made with `token`: refusals of it later are not "fresh" ones. */
  confirm(token: string): void {
    this.#proven = token;
  }

  /** A valid access_token: the cached one, renewed in the background when in its margin. */
  get(): Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined) {
      const now = this.#o.now();
      if (now < cached.refreshAt) return Promise.resolve(cached.token);
      if (now < cached.expiresAt) {
        if (now >= this.#backgroundRetryAt) this.#renewInBackground();
        return Promise.resolve(cached.token);
      }
    }
    return this.#refresh(undefined);
  }

  /**
   * A call was refused with `stale` (40001/40014/42001): forget it here and in the store (only if
   * the store still holds it), then get a new one through the single-flight path.
   */
  invalidate(stale: string): Promise<string> {
    if (this.#invalidation?.stale === stale) return this.#invalidation.promise;
    // Real time, not the injectable clock: the pause protects WeChat's real daily fetch quota.
    const now = performance.now();
    const neverWorked = this.#renewed === stale && this.#proven !== stale;
    this.#freshRefusals = neverWorked ? this.#freshRefusals + 1 : 0;
    if (this.#freshRefusals >= FRESH_REFUSALS_BEFORE_PAUSE) {
      this.#freshRefusals = 0;
      this.#pausedUntil = now + RENEWAL_PAUSE_MS;
    }
    if (now < this.#pausedUntil) {
      return Promise.reject(
        new AccessTokenError(
          `WeChat refused ${FRESH_REFUSALS_BEFORE_PAUSE} fresh access_tokens of ${this.#o.appId} in a row before any call worked; renewals pause for ${Math.ceil((this.#pausedUntil - now) / 1000)} s (does another system fetch tokens for this app?)`,
        ),
      );
    }
    const promise = this.#invalidate(stale)
      .then((token) => {
        this.#renewed = token;
        return token;
      })
      .catch((error: unknown) => {
        throw this.#tokenError(error);
      });
    this.#invalidation = { stale, promise };
    // A failed renewal must not be replayed to later callers: they try again.
    promise.catch(() => {
      if (this.#invalidation?.promise === promise) this.#invalidation = undefined;
    });
    return promise;
  }

  async #invalidate(stale: string): Promise<string> {
    if (this.#cached?.token === stale) this.#cached = undefined;
    if (this.#o.tokenProvider === undefined) {
      const raw = await this.#read();
      if (raw !== null && parseStored(raw)?.access_token === stale) {
        const deleted = await this.#o.store.compareAndDelete(this.#key, raw);
        this.#o.logger.info(
          { appId: this.#o.appId, expiredInStore: deleted },
          'access_token refused by WeChat; renewing',
        );
      }
    }
    if (this.#cached !== undefined && this.#cached.token !== stale) return this.#cached.token;
    // A renewal that started before the refusal may settle on the refused token: then go again.
    const joined = this.#flight !== undefined && this.#flightFor !== stale;
    let token = await this.#refresh(stale);
    if (token === stale && joined) token = await this.#refresh(stale);
    if (token !== stale) return token;
    // stable_token still answers the refused token (a forced renewal is allowed once per 30 s):
    // sending with it again would only be refused again. It counts as a fresh token refused.
    this.#renewed = stale;
    throw new AccessTokenError(
      `WeChat answered the access_token it just refused for ${this.#o.appId} again; not sending with it`,
    );
  }

  #renewInBackground(): void {
    this.#refresh(undefined).catch((error: unknown) => {
      this.#backgroundRetryAt = this.#o.now() + BACKGROUND_RETRY_MS;
      this.#o.logger.warn(
        { appId: this.#o.appId, err: describe(error) },
        'early access_token renewal failed; serving the current token',
      );
    });
  }

  #refresh(stale: string | undefined): Promise<string> {
    if (this.#flight === undefined) {
      this.#flightFor = stale;
      this.#flight = this.#renew(stale)
        .catch((error: unknown) => {
          throw this.#tokenError(error);
        })
        .finally(() => {
          this.#flight = undefined;
        });
    }
    return this.#flight;
  }

  async #renew(stale: string | undefined): Promise<string> {
    if (this.#o.tokenProvider !== undefined)
      return this.#fromProvider(this.#o.tokenProvider, stale);
    // Real time, not the injectable clock: a frozen test clock must not make this wait forever.
    const deadline = performance.now() + this.#o.lockTtlMs * 2;
    let pollMs = POLL_MIN_MS;
    let servedFromStore = this.#adoptIfFresh(await this.#read(), stale);
    if (servedFromStore !== undefined) return servedFromStore;
    const owner = randomUUID();
    for (;;) {
      if (await this.#takeLock(owner)) {
        try {
          // Lock, then re-check: the previous holder may have stored a token since the read above.
          servedFromStore = this.#adoptIfFresh(await this.#read(), stale);
          if (servedFromStore !== undefined) return servedFromStore;
          return await this.#fetchAndStore(stale);
        } finally {
          await this.#o.store.compareAndDelete(this.#lockKey, owner).catch((error: unknown) => {
            this.#o.logger.warn(
              { appId: this.#o.appId, err: describe(error) },
              'token lock release failed',
            );
          });
        }
      }
      // Another process is fetching. A token still valid (in its margin) is served meanwhile.
      const raw = await this.#read();
      servedFromStore = this.#adoptIfFresh(raw, stale);
      if (servedFromStore !== undefined) return servedFromStore;
      const usable = this.#adoptIfUsable(raw, stale);
      if (usable !== undefined) return usable;
      if (performance.now() > deadline) {
        throw new AccessTokenError(
          `gave up waiting for another process to fetch the access_token of ${this.#o.appId}`,
        );
      }
      await sleep(pollMs);
      pollMs = Math.min(POLL_MAX_MS, pollMs * 2);
    }
  }

  /**
   * The cross-process fetch lock. A write whose answer was lost (a timeout) may still have taken
   * it: release it then, or every caller would wait for its TTL to run out.
   */
  async #takeLock(owner: string): Promise<boolean> {
    try {
      return await this.#o.store.setIfAbsent(this.#lockKey, owner, this.#o.lockTtlMs);
    } catch (error) {
      void this.#o.store.compareAndDelete(this.#lockKey, owner).catch(() => {});
      throw error;
    }
  }

  async #fetchAndStore(stale: string | undefined): Promise<string> {
    const fetchedAt = this.#o.now();
    const answer = await this.#o.fetchToken(stale);
    if (typeof answer.access_token !== 'string' || answer.access_token === '') {
      throw new AccessTokenError('WeChat answered /cgi-bin/token without an access_token');
    }
    const lifetimeMs = lifetimeSeconds(answer.expires_in) * 1000;
    const stored: StoredToken = {
      access_token: answer.access_token,
      expires_at: fetchedAt + lifetimeMs,
      refresh_at: fetchedAt + lifetimeMs - Math.min(this.#o.refreshMarginMs, lifetimeMs / 2),
    };
    const raw = JSON.stringify(stored);
    await this.#o.store.set(this.#key, raw, lifetimeMs);
    this.#cached = toCached(stored, raw);
    this.#backgroundRetryAt = 0;
    this.#o.logger.info(
      { appId: this.#o.appId, expiresIn: answer.expires_in },
      'fetched a new access_token',
    );
    return answer.access_token;
  }

  async #fromProvider(provider: TokenProvider, stale: string | undefined): Promise<string> {
    let result: Awaited<ReturnType<TokenProvider>>;
    try {
      result = await provider(
        stale === undefined
          ? { appId: this.#o.appId }
          : { appId: this.#o.appId, invalidToken: stale },
      );
    } catch (error) {
      throw new AccessTokenError(`tokenProvider failed for ${this.#o.appId}`, {
        cause: safeCause(error),
      });
    }
    const token = typeof result === 'string' ? result : result?.accessToken;
    if (typeof token !== 'string' || token === '' || token === stale) {
      throw new AccessTokenError(
        token === stale
          ? 'tokenProvider returned the token WeChat just refused'
          : 'tokenProvider returned no access_token',
      );
    }
    const now = this.#o.now();
    const expiresAt =
      typeof result === 'object' && typeof result.expiresAt === 'number'
        ? result.expiresAt
        : Infinity;
    const refreshAt = Math.max(now, expiresAt - this.#o.refreshMarginMs);
    this.#cached = { token, expiresAt, refreshAt, raw: null };
    return token;
  }

  // Whatever failed (WeChat, the network, the store), the caller sent nothing with a token.
  #tokenError(error: unknown): AccessTokenError {
    if (error instanceof AccessTokenError) return error;
    return new AccessTokenError(
      `could not get an access_token for ${this.#o.appId}: ${describe(error)}`,
      { cause: safeCause(error) },
    );
  }

  async #read(): Promise<string | null> {
    try {
      return await this.#o.store.get(this.#key);
    } catch (error) {
      throw new AccessTokenError(
        `the token store is unreachable for ${this.#o.appId}: ${describeStoreFailure(error)}`,
        { cause: safeCause(error) },
      );
    }
  }

  /** Adopts a stored token that needs no renewal; undefined otherwise. */
  #adoptIfFresh(raw: string | null, stale: string | undefined): string | undefined {
    const stored = raw === null ? undefined : parseStored(raw);
    if (stored === undefined || stored.access_token === stale) return undefined;
    if (this.#o.now() >= stored.refresh_at) return undefined;
    this.#cached = toCached(stored, raw as string);
    return stored.access_token;
  }

  /** Adopts a stored token inside its margin, re-checked soon, while another process renews it. */
  #adoptIfUsable(raw: string | null, stale: string | undefined): string | undefined {
    const stored = raw === null ? undefined : parseStored(raw);
    if (stored === undefined || stored.access_token === stale) return undefined;
    const now = this.#o.now();
    if (now >= stored.expires_at) return undefined;
    this.#cached = {
      token: stored.access_token,
      expiresAt: stored.expires_at,
      refreshAt: Math.min(stored.expires_at, now + RECHECK_MS),
      raw,
    };
    return stored.access_token;
  }
}

/**
 * The lifetime to trust, in seconds: WeChat's `expires_in` when it is a positive number, at most
 * the documented 2 hours (a larger one, say 1e300, would keep a token for ever and make Redis
 * refuse the expiry); 2 hours when it is missing or not positive.
 */
function lifetimeSeconds(expiresIn: unknown): number {
  const seconds = Number(expiresIn);
  return seconds > 0 ? Math.min(seconds, ACCESS_TOKEN_TTL_SECONDS) : ACCESS_TOKEN_TTL_SECONDS;
}

function toCached(stored: StoredToken, raw: string): CachedToken {
  return {
    token: stored.access_token,
    expiresAt: stored.expires_at,
    refreshAt: stored.refresh_at,
    raw,
  };
}

function parseStored(raw: string): StoredToken | undefined {
  try {
    const value = JSON.parse(raw) as Partial<StoredToken>;
    if (
      typeof value.access_token === 'string' &&
      typeof value.expires_at === 'number' &&
      typeof value.refresh_at === 'number'
    ) {
      return value as StoredToken;
    }
  } catch {
    // A foreign or corrupt value counts as absent; the next fetch overwrites it.
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
