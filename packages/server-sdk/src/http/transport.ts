import { Pool } from 'undici';
import { type TransportFailure, WeChatTransportError } from '../errors.js';
import { Deadlines, type Timed } from '../timing/deadlines.js';

/** One HTTP exchange with WeChat; `query` may carry secrets and never leaves this module. */
export interface HttpCall {
  method: 'GET' | 'POST';
  /** Endpoint path such as `/cgi-bin/token`; the only part of the URL ever reported. */
  path: string;
  /** Encoded query string without `?`. */
  query: string;
  /** JSON text of a POST body. */
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** Options of {@link HttpTransport}. */
export interface HttpTransportOptions {
  /** Most sockets kept open to the origin; default 64. */
  connections?: number;
  /** How long an idle keep-alive socket stays open; default 30 s. */
  keepAliveTimeoutMs?: number;
}

/** WeChat answers are a few kilobytes; anything far larger is not a WeChat answer. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };
const ACCEPT_HEADERS = { accept: 'application/json' };
/** WeChat's answer to every successful send, byte for byte. */
const OK_ANSWER = Buffer.from('{"errcode":0,"errmsg":"ok"}');

/** True when `chunk` is {@link OK_ANSWER}. */
function isOkAnswer(chunk: Buffer): boolean {
  if (chunk.length !== OK_ANSWER.length) return false;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] !== OK_ANSWER[i]) return false;
  return true;
}

/**
 * JSON over one keep-alive undici pool. Knows, for every failure, whether the request body had
 * been handed to the socket (`requestSent`), which decides whether a retry may duplicate an effect.
 */
export class HttpTransport {
  readonly #pool: Pool;
  readonly #basePath: string;
  /** Deadlines of the exchanges in flight, one list per timeout length. */
  readonly #deadlines = new Map<number, Deadlines>();
  // The last request path built: every send of one endpoint with one token has the same.
  #lastPath = '';
  #lastQuery = '';
  #lastFull = '';

  constructor(baseUrl: string, options: HttpTransportOptions = {}) {
    const url = new URL(baseUrl);
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#pool = new Pool(url.origin, {
      connections: options.connections ?? 64,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      pipelining: 1,
    });
  }

  /** Resolves the parsed JSON body of a 200 answer; rejects with {@link WeChatTransportError}. */
  request(call: HttpCall): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const exchange = new Exchange(call, resolve, reject);
      if (exchange.settled) return;
      this.#deadlinesOf(call.timeoutMs).add(exchange);
      this.#pool.dispatch(
        {
          method: call.method,
          path: this.#fullPath(call.path, call.query),
          headers: call.body === undefined ? ACCEPT_HEADERS : JSON_HEADERS,
          body: call.body ?? null,
        },
        exchange,
      );
    });
  }

  /** Closes the pool once in-flight requests finish. */
  async close(): Promise<void> {
    if (!this.#pool.closed) await this.#pool.close();
  }

  #fullPath(path: string, query: string): string {
    if (path !== this.#lastPath || query !== this.#lastQuery) {
      this.#lastFull = `${this.#basePath}${path}${query === '' ? '' : `?${query}`}`;
      this.#lastPath = path;
      this.#lastQuery = query;
    }
    return this.#lastFull;
  }

  #deadlinesOf(timeoutMs: number): Deadlines {
    let list = this.#deadlines.get(timeoutMs);
    if (list === undefined) {
      // Unheld: the sockets of requests in flight keep the process alive.
      list = new Deadlines(timeoutMs, (wait) => (wait as Exchange).timeOut(timeoutMs), {
        holdsProcess: false,
      });
      this.#deadlines.set(timeoutMs, list);
    }
    return list;
  }
}

/** undici dispatch handler of one request: collects the body and settles exactly once. */
class Exchange implements Timed {
  settled = false;
  deadline = 0;
  list: Deadlines | undefined = undefined;
  previous: Timed | undefined = undefined;
  next: Timed | undefined = undefined;
  #sent = false;
  #status = 0;
  /** The answer's first chunk; the rest, if any, in {@link #more} (answers are one chunk). */
  #chunk: Buffer | undefined = undefined;
  #more: Buffer[] | undefined = undefined;
  #bytes = 0;
  #abort: ((reason?: Error) => void) | undefined = undefined;
  readonly #call: HttpCall;
  readonly #resolve: (value: unknown) => void;
  readonly #reject: (error: WeChatTransportError) => void;
  /** Made only for a call that has a signal. */
  #onAbortSignal: (() => void) | undefined = undefined;

  constructor(
    call: HttpCall,
    resolve: (value: unknown) => void,
    reject: (error: WeChatTransportError) => void,
  ) {
    this.#call = call;
    this.#resolve = resolve;
    this.#reject = reject;
    const { signal } = call;
    if (signal === undefined) return;
    if (signal.aborted) {
      this.#fail('aborted', 'the call was aborted before it started');
      return;
    }
    this.#onAbortSignal = () => this.#cancel('aborted', 'the call was aborted');
    signal.addEventListener('abort', this.#onAbortSignal, { once: true });
  }

  /** Called by {@link Deadlines} once the deadline passed. */
  timeOut(timeoutMs: number): void {
    this.#cancel('timeout', `no answer within ${timeoutMs} ms`);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.settled) abort(new Error('cancelled'));
    else this.#abort = abort;
  }

  onRequestSent(): void {
    this.#sent = true;
  }

  onHeaders(status: number): boolean {
    this.#status = status;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#bytes += chunk.length;
    if (this.#bytes > MAX_BODY_BYTES) {
      this.#cancel('bad_response', `the answer exceeds ${MAX_BODY_BYTES} bytes`);
      return false;
    }
    if (this.#chunk === undefined) this.#chunk = chunk;
    else if (this.#more === undefined) this.#more = [chunk];
    else this.#more.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    if (this.#status !== 200) {
      this.#fail('http_status', `HTTP status ${this.#status}`, undefined, this.#status);
      return;
    }
    if (this.#more === undefined && this.#chunk !== undefined && isOkAnswer(this.#chunk)) {
      // The answer of every delivered message: what JSON.parse would make of it, without the
      // decoding and parsing.
      this.#finish();
      this.#resolve({ errcode: 0, errmsg: 'ok' });
      return;
    }
    const text =
      this.#more === undefined
        ? (this.#chunk?.toString('utf8') ?? '')
        : Buffer.concat([this.#chunk as Buffer, ...this.#more]).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      this.#fail('bad_response', 'the answer is not JSON', error, this.#status);
      return;
    }
    if (typeof body !== 'object' || body === null) {
      this.#fail('bad_response', 'the answer is not a JSON object', undefined, this.#status);
      return;
    }
    this.#finish();
    this.#resolve(body);
  }

  onError(error: Error): void {
    if (this.settled) return;
    const code = (error as { code?: string }).code ?? '';
    const failure: TransportFailure =
      code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
        ? 'timeout'
        : 'connection';
    this.#fail(failure, describeNetworkError(error), error);
  }

  #cancel(failure: TransportFailure, message: string): void {
    if (this.settled) return;
    this.#fail(failure, message);
    this.#abort?.(new Error(message));
  }

  #fail(failure: TransportFailure, message: string, cause?: unknown, status?: number): void {
    this.#finish();
    const { method, path } = this.#call;
    const sent = this.#sent ? 'the request may have reached WeChat' : 'the request was not sent';
    this.#reject(
      new WeChatTransportError(
        `${method} ${path} failed (${failure}): ${message}; ${sent}`,
        path,
        failure,
        this.#sent,
        status,
        cause === undefined ? undefined : { cause },
      ),
    );
  }

  #finish(): void {
    this.settled = true;
    this.list?.remove(this);
    if (this.#onAbortSignal !== undefined) {
      this.#call.signal?.removeEventListener('abort', this.#onAbortSignal);
    }
  }
}

// Network errors name a code and an address, never the path or query; keep just the code.
function describeNetworkError(error: Error): string {
  const code = (error as { code?: string }).code;
  return code
    ? `${code} (${error.message.split('\n')[0]})`
    : error.message.split('\n')[0] || 'network error';
}
