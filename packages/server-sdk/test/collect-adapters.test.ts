import { type AddressInfo, connect } from 'node:net';
import { rawHttp } from '@wxtpl/testkit';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toExpress, toFastify, toKoa } from '../src/web/index.js';
import { collectFixture } from './helpers/collect.js';

/** A raw HTTP request; `chunks` are written one by one with chunked encoding (no length). */
const send = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; chunks?: string[] },
) => rawHttp(url, { ...init, method: init.method ?? 'POST' });

const json = { 'content-type': 'application/json', 'x-session': 'user-a' };

interface Server {
  url: string;
  close(): Promise<void>;
  pool: ReturnType<typeof collectFixture>['pool'];
  natives: unknown[];
}

async function listen(kind: 'express' | 'koa' | 'fastify'): Promise<Server> {
  const natives: unknown[] = [];
  const { pool, handler } = collectFixture({
    maxBodyBytes: 2048,
    resolveOpenid: (request, context) => {
      natives.push(context.native);
      return request.headers.get('x-session');
    },
  });
  if (kind === 'fastify') {
    const app = Fastify();
    app.register(toFastify(handler), { prefix: '/wxtpl/collect' });
    // The app's own JSON routes keep Fastify's parser.
    app.post('/echo', async (request) => request.body);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close(), pool, natives };
  }
  const server =
    kind === 'express'
      ? (() => {
          const app = express();
          app.all('/wxtpl/collect', toExpress(handler));
          return app.listen(0, '127.0.0.1');
        })()
      : (() => {
          const app = new Koa();
          app.use(toKoa(handler));
          return app.listen(0, '127.0.0.1');
        })();
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    pool,
    natives,
  };
}

describe.each(['express', 'koa', 'fastify'] as const)('collect handler on %s', (kind) => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = await listen(kind);
    url = `${server.url}/wxtpl/collect`;
  });
  afterAll(async () => {
    await server.close();
  });

  it('stores an upload and answers the CollectResponse', async () => {
    const body = JSON.stringify({
      openid: 'someone-else',
      items: [{ formId: `${kind}-1`, createdAt: Date.now() }],
    });
    const answer = await send(url, { headers: json, chunks: [body] });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({
      accepted: [`${kind}-1`],
      duplicates: [],
      rejected: [],
    });
    expect(await server.pool.available('user-a')).toBe(1);
    expect(await server.pool.available('someone-else')).toBe(0);
    expect(server.natives.at(-1)).toBeTruthy();
  });

  it('counts streamed bytes: 413 for a chunked body over the limit', async () => {
    const chunks = Array.from({ length: 12 }, () => ' '.repeat(256));
    const answer = await send(url, { headers: json, chunks }).catch((error: Error) => error);
    if (answer instanceof Error) {
      // The server may reset the connection once it refused the body: acceptable, not a 200.
      expect(answer.message).toMatch(/EPIPE|ECONNRESET|socket hang up/);
      return;
    }
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: 'body_too_large' });
  });

  it('answers 400, 401, 405 and 415 as the web handler does', async () => {
    const valid = JSON.stringify({ items: [{ formId: 'x', createdAt: Date.now() }] });
    expect((await send(url, { headers: json, chunks: ['{nope'] })).status).toBe(400);
    expect(
      (await send(url, { headers: { 'content-type': 'application/json' }, chunks: [valid] }))
        .status,
    ).toBe(401);
    expect((await send(url, { method: 'GET', headers: { 'x-session': 'user-a' } })).status).toBe(
      405,
    );
    expect(
      (
        await send(url, {
          headers: { 'content-type': 'text/plain', 'x-session': 'user-a' },
          chunks: [valid],
        })
      ).status,
    ).toBe(415);
  });

  it.each(['a:b:c', 'a b'])('answers 400 (not 500) to the malformed Host %j', async (host) => {
    const { port } = new URL(url);
    const body = JSON.stringify({ items: [{ formId: 'h-1', createdAt: Date.now() }] });
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.end(
          `POST /wxtpl/collect HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\n` +
            `X-Session: user-a\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      });
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw).not.toMatch(/at \w+ \(/);
  });

  if (kind === 'fastify') {
    it("leaves the app's other routes and parsers alone", async () => {
      const answer = await send(`${server.url}/echo`, {
        headers: { 'content-type': 'application/json' },
        chunks: ['{"a":1}'],
      });
      expect(JSON.parse(answer.body)).toEqual({ a: 1 });
    });
  }
});

describe('collect handler behind express.json()', () => {
  it('still stores the upload from the parsed body', async () => {
    const { pool, handler } = collectFixture({
      resolveOpenid: (request) => request.headers.get('x-session'),
    });
    const app = express();
    app.use(express.json());
    app.post('/c', toExpress(handler));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const answer = await send(`http://127.0.0.1:${port}/c`, {
      headers: json,
      chunks: [JSON.stringify({ items: [{ formId: 'parsed-1', createdAt: Date.now() }] })],
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(answer.status).toBe(200);
    expect(await pool.available('user-a')).toBe(1);
  });
});
