import { createHash, randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumeric string (login codes, openid tails). */
export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[(bytes[i] as number) % ALNUM.length];
  return out;
}

/** Random lowercase hex string. */
export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

/** A 28-character openid shaped like WeChat's (`o` + 27 url-safe characters). */
export function newOpenid(): string {
  return `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
}

/**
 * The openid an app's DevTools logins map to (see `AppConfig.devtoolsLogin`): derived from the
 * appid, so it stays the same across logins and emulator restarts.
 */
export function devtoolsOpenid(appId: string): string {
  const digest = createHash('sha256').update(`wxtpl-devtools-login:${appId}`).digest('base64url');
  return `oDevTools${digest.slice(0, 19)}`;
}

/** An access_token: 136 url-safe characters, longer than the 100 WeChat's usually have. */
export function newAccessToken(sequence: number): string {
  return `${sequence}_${randomBytes(100).toString('base64url')}`;
}

/** A 43-character template_id like the reference document's example. */
export function newTemplateId(): string {
  return randomBytes(32).toString('base64url');
}

/** A 32-hex-digit formId, as report-submit forms yield them. */
export function newFormId(): string {
  return randomHex(32);
}

/** A prepay_id shaped like WeChat Pay's: `wx` + timestamp + hex. */
export function newPrepayId(nowMs: number): string {
  const stamp = new Date(nowMs + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `wx${stamp}${randomHex(20)}`;
}

/** A 24-character base64 session_key (16 bytes, as WeChat's). */
export function newSessionKey(): string {
  return randomBytes(16).toString('base64');
}
