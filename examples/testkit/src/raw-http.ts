import { type IncomingHttpHeaders, request } from 'node:http';

/** What a {@link rawHttp} request got back. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request through node:http with exactly the headers given (fetch adds some and refuses
 * others, as a browser does; an attacker's client does neither). `body` is sent with its length;
 * `chunks` are written one by one with chunked encoding (no length).
 */
export function rawHttp(
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string; chunks?: string[] },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    // A server may answer (413, say) and close before the whole body is written.
    req.on('error', reject);
    for (const chunk of init.chunks ?? []) req.write(chunk);
    req.end(init.body);
  });
}
