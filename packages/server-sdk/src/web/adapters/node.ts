import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { errorResponse } from '../responses.js';
import type { WebHandler } from '../types.js';

type RequestBody = NonNullable<RequestInit['body']>;

/** The parts of Node's `IncomingMessage` the adapters read. */
export interface NodeRequestLike {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  readableEnded?: boolean;
  /** A TLS socket has `encrypted: true`. */
  socket?: unknown;
}

/** The parts of Node's `ServerResponse` the adapters write. */
export interface NodeResponseLike {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(chunk?: Uint8Array): unknown;
}

/**
 * A web `Request` for a Node request. The body streams from `req`, unless a body parser already
 * consumed it: then `parsedBody` (a Buffer, a string or parsed JSON) stands in for it.
 */
export function toWebRequest(req: NodeRequestLike, parsed?: unknown): Request {
  const parsedBody = skippedByParser(req, parsed) ? undefined : parsed;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const protocol = (req.socket as { encrypted?: boolean } | null | undefined)?.encrypted
    ? 'https'
    : 'http';
  // Throws (a TypeError) on a Host header no URL can carry (`a:b:c`, `a b`).
  const url = new URL(req.url ?? '/', `${protocol}://${headers.get('host') ?? 'localhost'}`);
  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    const body = bodyOf(req, parsedBody);
    if (body !== undefined) {
      init.body = body;
      init.duplex = 'half';
      // The length of a re-serialised body is not what the client sent.
      if (parsedBody !== undefined) headers.delete('content-length');
    }
  }
  return new Request(url, init);
}

/**
 * Express 4's body-parser sets `req.body = {}` on every request it does not parse (an XML push
 * behind `express.json()`, say) and leaves the stream unread: that `{}` is no body, the stream is.
 */
function skippedByParser(req: NodeRequestLike, parsed: unknown): boolean {
  return (
    req.readableEnded === false &&
    isStream(req) &&
    typeof parsed === 'object' &&
    parsed !== null &&
    Object.getPrototypeOf(parsed) === Object.prototype &&
    Object.keys(parsed).length === 0
  );
}

function bodyOf(req: NodeRequestLike, parsedBody: unknown): RequestBody | undefined {
  if (parsedBody !== undefined && parsedBody !== null) {
    if (typeof parsedBody === 'string' || parsedBody instanceof Uint8Array) {
      return parsedBody as RequestBody;
    }
    if (isStream(parsedBody)) return streamToWeb(parsedBody);
    return JSON.stringify(parsedBody);
  }
  if (req.readableEnded) return undefined;
  if (isStream(req)) return streamToWeb(req);
  return undefined;
}

/**
 * A web stream over a Node stream. Unlike `Readable.toWeb`, cancelling it (a body over the limit)
 * leaves the socket open and discards the rest, so the 413 answer still reaches the client.
 */
function streamToWeb(stream: Readable): ReadableStream<Uint8Array> {
  let finished = false;
  const onData = (chunk: Buffer | string) => {
    if (finished) return;
    controllerRef?.enqueue(typeof chunk === 'string' ? Buffer.from(chunk) : new Uint8Array(chunk));
    if ((controllerRef?.desiredSize ?? 0) <= 0) stream.pause();
  };
  const onEnd = () => {
    if (finished) return;
    finished = true;
    controllerRef?.close();
  };
  const onError = (error: Error) => {
    if (finished) return;
    finished = true;
    controllerRef?.error(error);
  };
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        stream.pause();
        stream.on('data', onData);
        stream.once('end', onEnd);
        stream.once('error', onError);
      },
      pull() {
        stream.resume();
      },
      cancel() {
        finished = true;
        stream.off('data', onData);
        stream.off('end', onEnd);
        stream.off('error', onError);
        // Flowing without a listener: the rest of the body is read and dropped.
        stream.resume();
      },
    },
    { highWaterMark: 1 },
  );
}

function isStream(value: unknown): value is Readable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { pipe?: unknown }).pipe === 'function' &&
    typeof (value as { on?: unknown }).on === 'function'
  );
}

/** What an adapter writes back to its framework. */
export interface UnpackedResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/**
 * Runs a handler for a Node request and unpacks its answer: the one path every Node adapter takes.
 * A request no web `Request` can represent (a malformed Host header) is answered 400 here.
 */
export async function serveNode(
  handler: WebHandler,
  req: NodeRequestLike,
  parsedBody: unknown,
  native: unknown,
): Promise<UnpackedResponse> {
  let request: Request;
  try {
    request = toWebRequest(req, parsedBody);
  } catch {
    return unpack(
      errorResponse(400, 'invalid_request', 'the request line or Host header is malformed'),
    );
  }
  return unpack(await handler.handle(request, { native }));
}

async function unpack(response: Response): Promise<UnpackedResponse> {
  return {
    status: response.status,
    headers: [...response.headers.entries()],
    body: new Uint8Array(await response.arrayBuffer()),
  };
}
