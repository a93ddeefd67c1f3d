import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Longest answer read from the app's server. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** What the app's server answered. */
export interface PushAnswer {
  status: number;
  text: string;
}

/**
 * One HTTP call to the app's server, on its own connection, given up after `timeoutMs` or when
 * `signal` aborts. Rejects with the reason (`timeout after 5000 ms`, `ECONNREFUSED`, …).
 */
export function callAppServer(
  url: URL,
  options: {
    method: 'GET' | 'POST';
    body?: string;
    contentType?: string;
    timeoutMs: number;
    signal: AbortSignal;
  },
): Promise<PushAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string | number> = { 'user-agent': 'Mozilla/4.0' };
    if (options.body !== undefined) {
      headers['content-type'] = options.contentType ?? 'text/plain';
      headers['content-length'] = Buffer.byteLength(options.body);
    }
    const req = send(url, { method: options.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      res.on('error', (error) => finish(error));
      res.on('end', () =>
        finish(null, { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`timeout after ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    const onAbort = () => req.destroy(new Error('emulator stopped'));
    options.signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    function finish(error: Error | null, answer?: PushAnswer) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(answer as PushAnswer);
    }
    req.on('error', (error) => finish(error));
    if (options.signal.aborted) onAbort();
    req.end(options.body);
  });
}
