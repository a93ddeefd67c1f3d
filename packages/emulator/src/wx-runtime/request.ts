import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { WxRequestOption, WxRequestSuccessResult, WxRequestTask } from './types.js';

const DEFAULT_TIMEOUT_MS = 60_000;

/** Hooks the runtime uses to count requests and to cut them all when the app is killed. */
export interface RequestContext {
  onStart(task: InFlight): void;
  onEnd(task: InFlight): void;
}

/** One request in flight. */
export interface InFlight {
  /** Drops it without calling back, like a killed app. */
  kill(): void;
  /** Cuts it: `fail` receives `request:fail <reason>`. */
  interrupt(reason: string): void;
}

/**
 * `wx.request` over real HTTP. As on a phone, `success` receives every HTTP answer whatever its
 * status; `fail` only network errors, timeouts and aborts (`request:fail …`).
 */
export function wxRequest(option: WxRequestOption, context: RequestContext): WxRequestTask {
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = (ok: boolean, result: WxRequestSuccessResult | { errMsg: string }) => {
    if (settled) return;
    settled = true;
    if (timer) clearTimeout(timer);
    context.onEnd(inFlight);
    if (ok) option.success?.(result as WxRequestSuccessResult);
    else option.fail?.(result as { errMsg: string });
    option.complete?.(result);
  };
  const failWith = (reason: string) => finish(false, { errMsg: `request:fail ${reason}` });

  const inFlight: InFlight = {
    kill() {
      settled = true;
      if (timer) clearTimeout(timer);
      req?.destroy();
      context.onEnd(inFlight);
    },
    interrupt(reason) {
      failWith(reason);
      req?.destroy();
    },
  };
  context.onStart(inFlight);

  let req: ReturnType<typeof httpRequest> | undefined;
  try {
    const method = (option.method ?? 'GET').toUpperCase();
    const { url, body, headers } = prepare(option, method);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    req = send(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => failWith(error.message));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        finish(true, {
          data: decodeBody(raw, option),
          statusCode: res.statusCode ?? 0,
          header: flattenHeaders(res.headers),
          cookies: res.headers['set-cookie'] ?? [],
          errMsg: 'request:ok',
        });
      });
    });
    req.on('error', (error) => failWith(error.message));
    const timeout = option.timeout ?? DEFAULT_TIMEOUT_MS;
    timer = setTimeout(() => {
      failWith('timeout');
      req?.destroy();
    }, timeout);
    req.end(body);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    queueMicrotask(() => failWith(reason));
  }

  return {
    abort() {
      if (settled) return;
      failWith('abort');
      req?.destroy();
    },
  };
}

function prepare(
  option: WxRequestOption,
  method: string,
): { url: URL; body: Buffer | undefined; headers: OutgoingHttpHeaders } {
  if (typeof option.url !== 'string') throw new Error('parameter error: url should be a String');
  const url = new URL(option.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`invalid url "${option.url}"`);
  }
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(option.header ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  const { data } = option;
  if (data === undefined || data === null) return { url, body: undefined, headers };
  if (method === 'GET' || method === 'HEAD') {
    if (typeof data === 'object' && !(data instanceof ArrayBuffer)) {
      for (const [key, value] of Object.entries(data)) {
        url.searchParams.append(
          key,
          typeof value === 'object' ? JSON.stringify(value) : String(value),
        );
      }
    }
    return { url, body: undefined, headers };
  }
  let body: Buffer;
  if (typeof data === 'string') body = Buffer.from(data);
  else if (data instanceof ArrayBuffer) body = Buffer.from(data);
  else if (String(headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) {
    body = Buffer.from(new URLSearchParams(stringValues(data)).toString());
  } else {
    headers['content-type'] ??= 'application/json';
    body = Buffer.from(JSON.stringify(data));
  }
  headers['content-length'] = String(body.length);
  return { url, body, headers };
}

function stringValues(data: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return out;
}

function decodeBody(raw: Buffer, option: WxRequestOption): unknown {
  if (option.responseType === 'arraybuffer') {
    return raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
  }
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  if ((option.dataType ?? 'json') !== 'json') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
