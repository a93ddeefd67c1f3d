import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Signs and verifies the example's session tokens: `v1.<payload>.<signature>`, HMAC-SHA256. */
export interface SessionSigner {
  /** A token naming this openid, valid for `ttlSeconds`. */
  sign(openid: string, now?: number): string;
  /** The openid of a valid, unexpired token, else `null`. Never throws on bad input. */
  verify(token: unknown, now?: number): string | null;
}

/** Default session lifetime: one day (the mini-program logs in again when it gets a 401). */
export const SESSION_TTL_SECONDS = 24 * 60 * 60;

const PREFIX = 'v1';

/**
 * The session holds only the openid: WeChat's session_key stays on the server side of
 * `code2Session` and is never handed to the client.
 */
export function createSessionSigner(
  secret: string,
  ttlSeconds = SESSION_TTL_SECONDS,
): SessionSigner {
  if (typeof secret !== 'string' || secret.length < 16) {
    throw new TypeError('session secret must be a string of at least 16 characters');
  }
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    sign(openid, now = Date.now()) {
      const payload = Buffer.from(
        JSON.stringify({ sub: openid, exp: Math.floor(now / 1000) + ttlSeconds }),
      ).toString('base64url');
      return `${PREFIX}.${payload}.${mac(`${PREFIX}.${payload}`)}`;
    },
    verify(token, now = Date.now()) {
      if (typeof token !== 'string' || token.length > 1024) return null;
      const [prefix, payload, signature] = token.split('.');
      if (prefix !== PREFIX || !payload || !signature) return null;
      const expected = Buffer.from(mac(`${PREFIX}.${payload}`));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
          sub?: unknown;
          exp?: unknown;
        };
        if (typeof claims.sub !== 'string' || claims.sub === '') return null;
        if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return null;
        return claims.sub;
      } catch {
        return null;
      }
    },
  };
}

/** A random secret for a process that was given none (sessions then end with the process). */
export function randomSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The token of an `Authorization: Bearer <token>` header, else `undefined`. */
export function bearerToken(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match?.[1];
}

/**
 * Whether a secret sent by a client (a header: a string, several, or none) equals ours, in time
 * that tells nothing about either: both are hashed to 32 bytes first, so neither a matching prefix
 * nor the length of the secret shows in how long the answer takes.
 */
export function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
