import { createHash, randomUUID } from 'node:crypto';
import { COLLECT_MAX_BODY_BYTES, InvalidArgumentError } from '@wxtpl/shared-types';
import { publish, WxtplChannels } from '../observe/channels.js';
import type { CreditPool } from '../pool/credit-pool.js';
import { checkBodyTimeout, readLimitedBody } from '../web/read-body.js';
import { type HandlerContext, type WebHandler, webHandler } from '../web/types.js';
import { aesKeyOf, decryptPush, signatureMatches } from './crypto.js';
import { eventKey, type PushEvent, readEvent } from './events.js';
import { parseXml } from './xml.js';

/** Options of {@link createMessagePushHandler}. */
export interface MessagePushHandlerOptions {
  /** The mini-program's AppID: a safe-mode push must carry it inside the ciphertext. */
  appId: string;
  /** The Token of the message-push settings (开发管理 → 开发设置 → 消息推送). */
  token: string;
  /** The EncodingAESKey (43 characters) for safe or compatible mode; without it only plaintext. */
  encodingAESKey?: string;
  /** Popup accepts become credits, changes to `reject` revocations. */
  pool: Pick<CreditPool, 'acceptSubscriptions' | 'revokeSubscription' | 'store'>;
  /** Whether a template is long-term (type 3); default: none is. */
  isLongTerm?: (templateId: string) => boolean;
  /** Told every event once, after the pool has recorded it: delivery receipts, user messages, …. */
  onEvent?: (event: PushEvent) => void | Promise<void>;
  /** Told about failures answered 500 (WeChat then retries); secrets-free by design. */
  onError?: (error: unknown) => void;
  /** Largest body in bytes; default 64 KiB. */
  maxBodyBytes?: number;
  /** Longest wait for the whole body once the handler starts reading it; default 10 000 ms (408). */
  bodyTimeoutMs?: number;
  /** A push signed longer ago (or further ahead) than this is refused as a replay; default 10 minutes. */
  maxAgeMs?: number;
  /** Epoch ms now; default `Date.now`. */
  now?: () => number;
}

/** A plaintext push's signature and the digest of the body it was first seen with. */
interface SignatureBinding {
  key: string;
  digest: string;
}

/** How long a handled push is remembered at least, so that WeChat's retries are answered without effect. */
const REMEMBER_MS = 30 * 60 * 1000;

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * The endpoint WeChat's message push (消息推送) calls: answers the URL check, verifies
 * `signature` / `msg_signature` in constant time, decrypts safe mode, reads JSON and XML, refuses
 * replays and oversized or malformed bodies (4xx, nothing stored), answers WeChat's retries of a
 * push it handled without handling it again, and turns popup accepts into credits (source `push`)
 * and changes to `reject` into revocations. Answers `success` once recorded; 500 when the store
 * failed, so that WeChat retries.
 */
export function createMessagePushHandler(options: MessagePushHandlerOptions): WebHandler {
  const { appId, token, pool } = options;
  if (typeof appId !== 'string' || appId === '') {
    throw new InvalidArgumentError('appId must be the mini-program AppID', 'appId');
  }
  if (typeof token !== 'string' || token === '') {
    throw new InvalidArgumentError('token must be the Token of the push settings', 'token');
  }
  const key = options.encodingAESKey === undefined ? undefined : aesKeyOf(options.encodingAESKey);
  if (key === null) {
    throw new InvalidArgumentError(
      'encodingAESKey must be the 43-character EncodingAESKey',
      'encodingAESKey',
    );
  }
  if (typeof pool?.acceptSubscriptions !== 'function' || pool.store === undefined) {
    throw new InvalidArgumentError('pool must be a CreditPool', 'pool');
  }
  const maxBodyBytes = options.maxBodyBytes ?? COLLECT_MAX_BODY_BYTES;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60 * 1000;
  const bodyTimeoutMs = checkBodyTimeout(options.bodyTimeoutMs);
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new InvalidArgumentError('maxBodyBytes must be a positive integer', 'maxBodyBytes');
  }
  if (typeof maxAgeMs !== 'number' || !Number.isFinite(maxAgeMs) || maxAgeMs <= 0) {
    // NaN would let every timestamp pass the age check: no replay protection at all.
    throw new InvalidArgumentError(
      'maxAgeMs must be a positive number of milliseconds',
      'maxAgeMs',
    );
  }
  // A push is remembered as long as its signature could pass the age check (either side of now):
  // a replay within maxAgeMs always meets the memory of the original.
  const rememberMs = Math.max(REMEMBER_MS, 2 * maxAgeMs + 60_000);
  const now = options.now ?? Date.now;
  const isLongTerm = options.isLongTerm ?? (() => false);

  const verifyRequest = async (
    request: Request,
  ): Promise<{ event: PushEvent; binding?: SignatureBinding } | { refusal: Response }> => {
    const query = new URL(request.url).searchParams;
    const timestamp = query.get('timestamp') ?? '';
    const nonce = query.get('nonce') ?? '';
    const refuse = (status: number, why: string) => ({ refusal: text(status, why) });
    if (!/^\d{1,12}$/.test(timestamp) || nonce === '') return refuse(401, 'unsigned request');
    if (Math.abs(now() - Number(timestamp) * 1000) > maxAgeMs) return refuse(401, 'stale request');
    const read = await readLimitedBody(request, maxBodyBytes, bodyTimeoutMs).catch(() => null);
    if (read === null) return refuse(400, 'unreadable body');
    if (!read.ok)
      return read.reason === 'timeout'
        ? refuse(408, 'body too slow')
        : refuse(413, 'body too large');
    const raw = new TextDecoder().decode(read.bytes);
    let body = parseBody(raw);
    if (body === null) return refuse(400, 'not a JSON or XML push');
    const encrypted = typeof body.Encrypt === 'string' ? body.Encrypt : undefined;
    let binding: SignatureBinding | undefined;
    if (key !== undefined && encrypted === undefined) {
      // `signature` covers no body: with safe mode configured, a plaintext body under a seen
      // URL would be anyone's. Only `msg_signature`, which covers the ciphertext, is trusted.
      return refuse(400, 'expected a safe-mode (encrypted) push');
    } else if (encrypted !== undefined && key !== undefined) {
      const parts = [token, timestamp, nonce, encrypted];
      if (!signatureMatches(query.get('msg_signature'), parts)) return refuse(401, 'bad signature');
      const plain = decryptPush(key, encrypted, appId);
      if (plain === null) return refuse(400, 'undecryptable push');
      body = parseBody(plain);
      if (body === null) return refuse(400, 'not a JSON or XML push');
    } else if (
      query.get('encrypt_type') === 'aes' ||
      (encrypted !== undefined && body.FromUserName === undefined)
    ) {
      return refuse(400, 'a safe-mode push, and no encodingAESKey');
    } else if (!signatureMatches(query.get('signature'), [token, timestamp, nonce])) {
      return refuse(401, 'bad signature');
    } else {
      // Plaintext mode: the signature is bound to the first body seen under it.
      binding = bindingOf(timestamp, nonce, createHash('sha256').update(raw).digest('base64url'));
    }
    const event = readEvent(body);
    if (event === null) return refuse(400, 'not a push event');
    return binding === undefined ? { event } : { event, binding };
  };

  const bindingOf = (timestamp: string, nonce: string, digest: string): SignatureBinding => ({
    key: `pushsig:${appId.length}:${appId}:${timestamp}:${nonce.length}:${nonce}`,
    digest,
  });

  /** Whether this plaintext body is the one first seen under its signature. */
  const bindingHolds = async ({ key: bound, digest }: SignatureBinding): Promise<boolean> => {
    if (await pool.store.setIfAbsent(bound, digest, rememberMs)) return true;
    return (await pool.store.get(bound)) === digest;
  };

  const record = async (event: PushEvent): Promise<void> => {
    if (event.kind === 'popup') {
      const accepted = event.changes.filter((c) => c.status === 'accept').map((c) => c.templateId);
      for (const longTerm of [false, true]) {
        const templateIds = accepted.filter((id) => isLongTerm(id) === longTerm);
        if (templateIds.length === 0) continue;
        await pool.acceptSubscriptions(event.openid, templateIds, {
          source: 'push',
          longTerm,
          at: event.createTime * 1000,
          reportId: `push:${event.createTime}`,
        });
      }
    } else if (event.kind === 'change') {
      for (const change of event.changes) {
        if (change.status === 'reject')
          await pool.revokeSubscription(event.openid, change.templateId);
      }
    }
    await options.onEvent?.(event);
  };

  /**
   * The URL check: `echostr` back when the signature is the Token's. It is signed like a plaintext
   * push, so its timestamp and nonce are then used up: its URL signs no POST.
   */
  const urlCheck = async (request: Request): Promise<Response> => {
    const query = new URL(request.url).searchParams;
    const echostr = query.get('echostr');
    const timestamp = query.get('timestamp') ?? '';
    const nonce = query.get('nonce') ?? '';
    if (echostr === null || !signatureMatches(query.get('signature'), [token, timestamp, nonce])) {
      return text(401, 'bad signature');
    }
    try {
      // Not a digest of any body: no POST can match it.
      if (!(await bindingHolds(bindingOf(timestamp, nonce, 'url-check')))) {
        return text(401, 'signature already used');
      }
    } catch (error) {
      options.onError?.(error);
      return text(500, 'not recorded; retry');
    }
    return text(200, echostr);
  };

  const handle = async (request: Request, _context: HandlerContext): Promise<Response> => {
    if (request.method === 'GET') return urlCheck(request);
    if (request.method !== 'POST') {
      await request.body?.cancel().catch(() => {});
      return new Response('use POST', { status: 405, headers: { allow: 'GET, POST' } });
    }
    const verified = await verifyRequest(request);
    if ('refusal' in verified) return verified.refusal;
    const { event, binding } = verified;
    // WeChat retries a push it did not see answered in 5 s, perhaps at another process.
    const seen = `push:${appId.length}:${appId}:${eventKey(event)}`;
    // This attempt's own mark: only it may clear it.
    const handling = `handling:${randomUUID()}`;
    try {
      if (binding !== undefined && !(await bindingHolds(binding))) {
        return text(401, 'signature already used for another body');
      }
      if (!(await pool.store.setIfAbsent(seen, handling, rememberMs))) {
        const state = await pool.store.get(seen);
        return state === 'done' ? text(200, 'success') : text(503, 'being handled');
      }
      await record(event);
      await pool.store.set(seen, 'done', rememberMs);
    } catch (error) {
      // Clear the mark, so WeChat's retry is handled. A mark whose write timed out may still be
      // written when the store answers again: the clearing follows it on the same connection.
      void pool.store.compareAndDelete(seen, handling).catch(() => {});
      options.onError?.(error);
      return text(500, 'not recorded; retry');
    }
    return text(200, 'success');
  };

  return webHandler(async (request, context) => {
    const response = await handle(request, context);
    publish(WxtplChannels.pushed, () => ({ appId, status: response.status }));
    return response;
  });
}

/** A push body: a JSON object or WeChat's `<xml>`. */
function parseBody(raw: string): Record<string, unknown> | null {
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('<')) return parseXml(trimmed);
  try {
    const value = JSON.parse(trimmed) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
