import {
  COLLECT_MAX_BODY_BYTES,
  COLLECT_MAX_ITEMS,
  type CollectResponse,
  InvalidArgumentError,
  parseCollectRequest,
} from '@wxtpl/shared-types';
import { publish, WxtplChannels } from '../observe/channels.js';
import type { CreditPool } from '../pool/credit-pool.js';
import { RateLimitedError } from '../pool/errors.js';
import { checkBodyTimeout, readLimitedBody } from '../web/read-body.js';
import { errorResponse, jsonResponse } from '../web/responses.js';
import { type HandlerContext, type WebHandler, webHandler } from '../web/types.js';
import type { CollectErrorCode } from './errors.js';

/** Options of {@link createCollectHandler}. */
export interface CollectHandlerOptions {
  /**
   * Where uploads go: a `CreditPool`. Popup reports need `acceptSubscriptions`; a pool without it
   * leaves them unanswered, so the phone keeps them.
   */
  pool: Pick<CreditPool, 'ingest'> & Partial<Pick<CreditPool, 'acceptSubscriptions'>>;
  /**
   * The openid of the signed-in user, from the app's own session (a cookie, a bearer token, …),
   * or nothing when the request is not signed in (401). Never read it from the body.
   */
  resolveOpenid: (
    request: Request,
    context: HandlerContext,
  ) => string | null | undefined | Promise<string | null | undefined>;
  /** Most items per upload. Default 100 (`COLLECT_MAX_ITEMS`). */
  maxItems?: number;
  /** Largest body in bytes. Default 64 KiB (`COLLECT_MAX_BODY_BYTES`). */
  maxBodyBytes?: number;
  /** Longest wait for the whole body once the handler starts reading it; default 10 000 ms (408). */
  bodyTimeoutMs?: number;
  /** Told about failures of `resolveOpenid` or the store (answered 500); secrets-free by design. */
  onError?: (error: unknown) => void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The endpoint the mini-program's collector uploads formIds to (`POST`, JSON `CollectRequest`).
 * Answers 200 with a `CollectResponse` naming every formId the client may forget, or a 4xx with
 * a JSON {@link CollectErrorBody}; bad input never yields a 500.
 */
export function createCollectHandler(options: CollectHandlerOptions): WebHandler {
  const maxItems = options.maxItems ?? COLLECT_MAX_ITEMS;
  const maxBodyBytes = options.maxBodyBytes ?? COLLECT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxItems) || maxItems < 1) {
    throw new InvalidArgumentError('maxItems must be a positive integer', 'maxItems');
  }
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new InvalidArgumentError('maxBodyBytes must be a positive integer', 'maxBodyBytes');
  }
  const bodyTimeoutMs = checkBodyTimeout(options.bodyTimeoutMs);
  if (typeof options.resolveOpenid !== 'function') {
    throw new InvalidArgumentError('resolveOpenid must be a function', 'resolveOpenid');
  }

  const handle = async (request: Request, context: HandlerContext): Promise<Response> => {
    if (request.method !== 'POST') {
      await request.body?.cancel().catch(() => {});
      return refuse(405, 'method_not_allowed', 'use POST', { headers: { allow: 'POST' } });
    }
    let openid: string | null | undefined;
    try {
      openid = await options.resolveOpenid(request, context);
    } catch (error) {
      options.onError?.(error);
      return refuse(500, 'internal', 'could not resolve the session');
    }
    if (typeof openid !== 'string' || openid === '') {
      await request.body?.cancel().catch(() => {});
      return refuse(401, 'unauthorized', 'no signed-in user');
    }
    if (!isJson(request.headers.get('content-type'))) {
      await request.body?.cancel().catch(() => {});
      return refuse(415, 'unsupported_media_type', 'send application/json (UTF-8)');
    }
    const body = await readLimitedBody(request, maxBodyBytes, bodyTimeoutMs).catch(() => null);
    if (body === null) return refuse(400, 'invalid_body', 'the body could not be read');
    if (!body.ok) {
      return body.reason === 'timeout'
        ? refuse(408, 'request_timeout', `the body did not arrive within ${bodyTimeoutMs} ms`)
        : refuse(413, 'body_too_large', `the body exceeds ${maxBodyBytes} bytes`);
    }
    let text: string;
    try {
      text = utf8.decode(body.bytes);
    } catch {
      return refuse(400, 'invalid_encoding', 'the body is not valid UTF-8');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return refuse(400, 'invalid_json', `the body is not JSON: ${(error as Error).message}`);
    }
    const parsed = parseCollectRequest(json, { maxItems });
    if (!parsed.ok) {
      return refuse(400, 'invalid_body', 'the body is not a collect request', {
        issues: parsed.errors,
      });
    }
    try {
      const { items, subscriptions } = parsed.value;
      // Counted as one upload (the pool's upload limit) even when it carries only reports.
      const result = await options.pool.ingest(openid, items);
      const answer: CollectResponse = {
        accepted: result.accepted,
        duplicates: result.duplicates,
        rejected: result.rejected,
      };
      const accept = options.pool.acceptSubscriptions?.bind(options.pool);
      if (subscriptions !== undefined && accept !== undefined) {
        answer.subscriptions = [];
        for (const report of subscriptions) {
          await accept(openid, report.templateIds, {
            source: 'client',
            longTerm: report.longTerm === true,
            at: report.acceptedAt,
            reportId: report.id,
          }).catch((error: unknown) => {
            // A template id the pool can never key by: the report can never be recorded.
            if (!(error instanceof InvalidArgumentError)) throw error;
          });
          answer.subscriptions.push(report.id);
        }
      }
      return jsonResponse(200, answer);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
        return refuse(429, 'rate_limited', 'too many uploads; retry later', {
          headers: { 'retry-after': String(seconds) },
        });
      }
      options.onError?.(error);
      return refuse(500, 'internal', 'the upload could not be stored; retry later');
    }
  };

  return webHandler(async (request, context) => {
    const response = await handle(request, context);
    publish(WxtplChannels.collected, () => ({ status: response.status }));
    return response;
  });
}

function isJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const [mediaType, ...params] = contentType.split(';');
  if (mediaType?.trim().toLowerCase() !== 'application/json') return false;
  for (const param of params) {
    const [name, value] = param.split('=');
    if (name?.trim().toLowerCase() === 'charset') {
      const charset = value?.trim().replace(/^"|"$/g, '').toLowerCase();
      if (charset !== 'utf-8' && charset !== 'utf8') return false;
    }
  }
  return true;
}

function refuse(
  status: number,
  error: CollectErrorCode,
  message: string,
  extra?: Parameters<typeof errorResponse>[3],
): Response {
  return errorResponse(status, error, message, extra);
}
