// What the collect traffic generators share: the shapes of a request and of its expected answer.
import type { Random } from './seeded-random.ts';

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

/** `{"items":[…]}`-shaped JSON text from raw JSON members, in the given order. */
export function jsonObject(members: readonly string[]): string {
  return `{${members.join(',')}}`;
}
