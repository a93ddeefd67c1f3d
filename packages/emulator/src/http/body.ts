import type { IncomingMessage } from 'node:http';

/** Largest request body the emulator reads (WeChat's own limit is in the same range). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What a request body turned out to be. */
export type BodyResult =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'malformed' }
  | { kind: 'too_large' };

const EMPTY: BodyResult = { kind: 'empty' };

/** Reads the whole body and parses it as JSON, never throwing; stops reading past `limit` bytes. */
export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        finish({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish(parse(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))));
    req.on('error', () => finish({ kind: 'malformed' }));
    req.on('aborted', () => finish({ kind: 'malformed' }));
  });
}

function parse(buffer: Buffer | undefined): BodyResult {
  if (buffer === undefined) return EMPTY;
  const text = buffer.toString('utf8');
  if (text.trim() === '') return EMPTY;
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch {
    return { kind: 'malformed' };
  }
}
