import { type Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { HttpSpec } from './traffic.ts';

/** How a request ended: an answer, no answer within the guard (a hang), or a broken connection. */
export type Answer =
  | { kind: 'answer'; status: number; contentType: string; body: Buffer }
  | { kind: 'hung' }
  | { kind: 'error'; message: string };

/** Sends one request over `agent` and reads the whole answer; `guardMs` detects hangs. */
export function sendHttp(
  base: URL,
  spec: HttpSpec,
  agent: Agent,
  guardMs: number,
): Promise<Answer> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const headers: Record<string, string | number> = { ...spec.headers };
    if (spec.body && !spec.chunked) headers['content-length'] = spec.body.length;
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: spec.method,
        path: spec.path,
        headers,
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () =>
          done({
            kind: 'answer',
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
        res.once('error', (error) => done({ kind: 'error', message: error.message }));
      },
    );
    const timer = setTimeout(() => {
      done({ kind: 'hung' });
      req.destroy();
    }, guardMs);
    // An early answer (413) may arrive while the body is still being written: the write error
    // that can follow is no failure of the server.
    req.on('error', (error) => done({ kind: 'error', message: error.message }));
    if (spec.body && spec.chunked) {
      for (let offset = 0; offset < spec.body.length; offset += 16 * 1024) {
        req.write(spec.body.subarray(offset, offset + 16 * 1024));
      }
      req.end();
    } else {
      req.end(spec.body);
    }
  });
}

/** What a raw socket saw: the status of the answer, if any, and whether the server hung up. */
export type RawAnswer = { kind: 'raw'; status: number | null } | { kind: 'hung' };

/**
 * Writes `bytes` on a fresh connection. With `expectAnswer`, waits for the status line (or the
 * server closing); without, hangs up at once, as a client that dies mid-request.
 */
export function sendRaw(
  base: URL,
  bytes: Buffer,
  expectAnswer: boolean,
  guardMs: number,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(Number(base.port), base.hostname);
    let received = '';
    let settled = false;
    const done = (answer: RawAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done({ kind: 'hung' }), guardMs);
    socket.once('connect', () => {
      socket.write(bytes);
      if (!expectAnswer) done({ kind: 'raw', status: null });
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (match) done({ kind: 'raw', status: Number(match[1]) });
    });
    socket.once('close', () => done({ kind: 'raw', status: null }));
    socket.once('error', () => done({ kind: 'raw', status: null }));
  });
}
