import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './helpers.js';

// What one client can hold: a request must arrive whole within requestTimeoutMs (else 408 and the
// socket closes, never a connection held for ever), and the app's JSON routes take small bodies.

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ requestTimeoutMs: 400 });
});
afterAll(async () => {
  await stack?.close();
});

interface Dripped {
  /** What the server wrote back before the socket closed. */
  answer: string;
  /** Bytes of the body the client got to send. */
  sent: number;
}

/**
 * Sends `head` at once, then the body one byte every `everyMs` until the server closes the
 * socket; a body that ends first is a failure (the server waited it out).
 */
function drip(url: string, head: string, body: string, everyMs: number): Promise<Dripped> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      if (sent >= body.length) reject(new Error(`the whole body was accepted: ${answer}`));
      else resolve({ answer, sent });
    });
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (sent >= body.length || socket.destroyed) return;
        socket.write(body[sent] as string);
        sent += 1;
      }, everyMs);
    });
  });
}

describe('request time limit', () => {
  it('ends an upload whose body drips in slower than the request timeout', async () => {
    const user = await stack.login();
    const body = JSON.stringify({ items: [{ formId: 'f'.repeat(32), createdAt: Date.now() }] });
    const head = [
      'POST /formids HTTP/1.1',
      `host: ${new URL(stack.url).host}`,
      `authorization: ${user.auth.authorization}`,
      'content-type: application/json',
      `content-length: ${body.length}`,
      '',
      '',
    ].join('\r\n');
    // 1 byte per 100 ms: the whole body would take several seconds.
    const { answer, sent } = await drip(stack.url, head, `${body}${' '.repeat(200)}`, 100);
    expect(sent).toBeLessThan(body.length);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(await stack.server.pool.available(user.openid)).toBe(0);
  });

  it('ends a request whose headers never finish', async () => {
    const headers = 'x-slow: '.padEnd(4000, 'a');
    const { answer } = await drip(
      stack.url,
      `GET /health HTTP/1.1\r\nhost: ${new URL(stack.url).host}\r\n`,
      headers,
      100,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still serves requests that arrive in time', async () => {
    expect((await stack.get('/health')).status).toBe(200);
  });
});

describe('body size', () => {
  it('refuses a JSON body over 16 KiB on the app routes with 413', async () => {
    const user = await stack.login();
    const huge = {
      service: 'x'.repeat(20_000),
      time: '明天 10:00',
      store: '珠江新城店',
      contact: '李雷',
    };
    const answer = await stack.post('/bookings', huge, user.auth);
    expect(answer.status).toBe(413);
  });
});
