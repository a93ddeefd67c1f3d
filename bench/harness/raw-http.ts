import type { Dispatcher, Pool } from 'undici';

/**
 * One keep-alive POST through undici's lowest-level API (`dispatch`, no response stream), so the
 * baseline is the cheapest way undici can move these bytes. Resolves to the answer's errcode.
 */
export function rawPost(pool: Pool, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    const handler: Dispatcher.DispatchHandler = {
      onConnect() {},
      onHeaders(statusCode) {
        status = statusCode;
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        if (status !== 200) {
          reject(new Error(`raw POST answered HTTP ${status}`));
          return;
        }
        const text =
          chunks.length === 1 ? (chunks[0] as Buffer).toString() : Buffer.concat(chunks).toString();
        resolve((JSON.parse(text) as { errcode: number }).errcode);
      },
      onError: reject,
    };
    pool.dispatch({ method: 'POST', path, headers: JSON_HEADERS, body }, handler);
  });
}

const JSON_HEADERS = { 'content-type': 'application/json' };
