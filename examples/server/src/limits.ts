import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';

/** Largest JSON body of the app's own routes (the collect endpoint has its own limit). */
const JSON_BODY_LIMIT = 16 * 1024;
/** Headers must be complete this soon (or by the request timeout, if sooner). */
const HEADERS_TIMEOUT_MS = 10_000;
/**
 * A socket with no byte in either direction this long is closed: longer than the slowest notify
 * (5 attempts of at most 10 s each, with backoff), shorter than for ever.
 */
const IDLE_SOCKET_MS = 120_000;

/** The bounds on what one client can hold: time to send a request, body size, idle sockets. */
export function httpLimits(requestTimeoutMs: number) {
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: IDLE_SOCKET_MS,
    bodyLimit: JSON_BODY_LIMIT,
    http: {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs),
      // Node looks for expired requests on this interval (default 30 s, whatever the timeout).
      connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
    },
  } satisfies FastifyHttpOptions<Server>;
}
