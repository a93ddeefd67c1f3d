// A stand-in for your app's own session (a cookie session, a JWT, Nest's request.user, …), the
// same in every recipe so that they differ only in their wiring: `Authorization: Bearer
// <openid>.<HMAC-SHA256 of it>`, signed with RECIPE_SESSION_SECRET. Plain JavaScript, so that
// every framework's toolchain (Next.js, tsc, tsx) loads it as it is.
import { createHmac, timingSafeEqual } from 'node:crypto';

const secret = () =>
  process.env.RECIPE_SESSION_SECRET ?? 'recipes-demo-session-secret-not-for-production';
/** @param {string} openid */
const mac = (openid) => createHmac('sha256', secret()).update(openid).digest('base64url');

/**
 * The bearer token of a signed-in user (what your login endpoint would hand out).
 * @param {string} openid
 */
export function sessionToken(openid) {
  return `${openid}.${mac(openid)}`;
}

/**
 * The signed-in user's openid, from the request's session; `undefined` when it has none. Pass it
 * as `resolveOpenid`: the openid of an upload comes from here, never from its body.
 * @param {Request} request
 * @returns {string | undefined}
 */
export function openidOf(request) {
  const match = /^Bearer ([A-Za-z0-9_-]{1,128})\.([A-Za-z0-9_-]{43})$/.exec(
    request.headers.get('authorization') ?? '',
  );
  if (match === null) return undefined;
  const [, openid = '', signature = ''] = match;
  const expected = Buffer.from(mac(openid));
  return timingSafeEqual(expected, Buffer.from(signature)) ? openid : undefined;
}
