import { hostileRequest } from './hostile-requests.ts';
import { rawRequest } from './raw-requests.ts';
import type { Random } from './seeded-random.ts';
import { ValidUploads } from './valid-uploads.ts';

/** A signed-in user of the example server. */
export interface Session {
  openid: string;
  /** `Bearer <token>`. */
  authorization: string;
}

/** One HTTP request as the client sends it. */
export interface HttpSpec {
  method: string;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Sent with `Transfer-Encoding: chunked` and no Content-Length. */
  chunked?: boolean;
}

export interface CollectItem {
  formId: string;
  createdAt: number;
}

/** A request of the run and the answer it must get. */
export type Traffic =
  /** A well-formed upload from a signed-in user: 200, its items judged one by one. */
  | { kind: 'valid'; label: string; user: number; items: CollectItem[]; http: HttpSpec }
  /** A request the endpoint must refuse with `expect`, storing nothing. */
  | { kind: 'hostile'; label: string; expect: HostileStatus; http: HttpSpec }
  /** Bytes on a socket of its own that are no valid HTTP request: a 4xx, or nothing at all. */
  | { kind: 'raw'; label: string; bytes: Buffer; answer: 'required' | 'none' };

export type HostileStatus = 400 | 401 | 405 | 413 | 415;

/** What the generators share. */
export interface TrafficContext {
  random: Random;
  sessions: readonly Session[];
  /** Authorization headers that sign in nobody: forged, tampered, expired. */
  badAuthorizations: readonly string[];
  /** openids to forge in bodies, headers and queries. */
  victims: readonly string[];
  /** When the run was generated (epoch ms): valid items are days away from any expiry edge. */
  now: number;
}

/** formIds of hostile requests start with this; valid uploads never use it. */
export const HOSTILE_ID_PREFIX = 'h-';

/**
 * The run's requests, generated lazily (oversized bodies are only built when sent) and
 * deterministically from the seed. About `validShare` of them are valid uploads, 2% raw socket
 * abuse, the rest hostile HTTP requests.
 */
export function* collectTraffic(
  context: TrafficContext,
  options: { count: number; validShare: number; maxStorablePerUser: number },
): Generator<Traffic> {
  const valid = new ValidUploads(context, options.maxStorablePerUser);
  for (let i = 0; i < options.count; i++) {
    const roll = context.random.next();
    if (roll < options.validShare) yield valid.next();
    else if (roll < options.validShare + 0.02) yield rawRequest(context);
    else yield hostileRequest(context);
  }
}

/** `{"items":[…]}`-shaped JSON text from raw JSON members, in the given order. */
export function jsonObject(members: readonly string[]): string {
  return `{${members.join(',')}}`;
}
