import { InvalidArgumentError } from '@wxtpl/shared-types';

/** How long a handler waits for a whole body by default. */
export const BODY_TIMEOUT_MS = 10_000;

/** A handler's `bodyTimeoutMs`: a positive finite number of milliseconds, default 10 s. */
export function checkBodyTimeout(value: number | undefined): number {
  const ms = value ?? BODY_TIMEOUT_MS;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw new InvalidArgumentError(
      'bodyTimeoutMs must be a positive number of milliseconds',
      'bodyTimeoutMs',
    );
  }
  return ms;
}

/** A request body read under a byte limit and a deadline. */
export type LimitedBody =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly reason: 'too_large' | 'timeout' };

/**
 * Reads `request`'s body, counting bytes as they arrive and stopping as soon as they exceed
 * `maxBytes`: a lying or missing Content-Length never lets a large body through. A body not
 * complete within `timeoutMs` is given up (`timeout`): a client that trickles bytes, or stops,
 * holds nothing for long, whatever deadline the framework has (Fastify's default is none).
 */
export async function readLimitedBody(
  request: Request,
  maxBytes: number,
  timeoutMs: number,
): Promise<LimitedBody> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, reason: 'too_large' };
  }
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === 'timeout') {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: 'timeout' };
      }
      const { done, value } = next;
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: 'too_large' };
      }
      chunks.push(value);
    }
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
