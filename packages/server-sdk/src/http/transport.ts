import { Pool } from 'undici';
import { type TransportFailure, WeChatTransportError } from '../errors.js';

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

/**
 * JSON over one keep-alive undici pool. Knows, for every failure, whether the request body had
 * been handed to the socket (`requestSent`), which decides whether a retry may duplicate an effect.
 */
export class HttpTransport {
  readonly #pool: Pool;
  readonly #basePath: string;

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
      this.#pool.dispatch(
        {
          method: call.method,
          path: `${this.#basePath}${call.path}${call.query === '' ? '' : `?${call.query}`}`,
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
}

/** undici dispatch handler of one request: collects the body and settles exactly once. */
class Exchange {
  settled = false;
  #sent = false;
  #status = 0;
  #chunks: Buffer[] = [];
  #bytes = 0;
  #abort: ((reason?: Error) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #call: HttpCall;
  readonly #resolve: (value: unknown) => void;
  readonly #reject: (error: WeChatTransportError) => void;
  readonly #onAbortSignal = () => this.#cancel('aborted', 'the call was aborted');

  constructor(
    call: HttpCall,
    resolve: (value: unknown) => void,
    reject: (error: WeChatTransportError) => void,
  ) {
    this.#call = call;
    this.#resolve = resolve;
    this.#reject = reject;
    if (call.signal?.aborted) {
      this.#fail('aborted', 'the call was aborted before it started');
      return;
    }
    call.signal?.addEventListener('abort', this.#onAbortSignal, { once: true });
    this.#timer = setTimeout(
      () => this.#cancel('timeout', `no answer within ${call.timeoutMs} ms`),
      call.timeoutMs,
    );
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
    this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    if (this.#status !== 200) {
      this.#fail('http_status', `HTTP status ${this.#status}`, undefined, this.#status);
      return;
    }
    const text =
      this.#chunks.length === 1
        ? (this.#chunks[0] as Buffer).toString('utf8')
        : Buffer.concat(this.#chunks).toString('utf8');
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
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#call.signal?.removeEventListener('abort', this.#onAbortSignal);
  }
}

// Network errors name a code and an address, never the path or query; keep just the code.
function describeNetworkError(error: Error): string {
  const code = (error as { code?: string }).code;
  return code
    ? `${code} (${error.message.split('\n')[0]})`
    : error.message.split('\n')[0] || 'network error';
}
