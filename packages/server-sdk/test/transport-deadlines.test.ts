import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpTransport } from '../src/http/transport.js';
import { WeChatTransportError } from '../src/index.js';

// The transport times exchanges out through one timer per timeout length (a deadline list), not
// a timer per request: each exchange must still time out at its own deadline, never before it,
// while the others in flight answer normally.

let url: string;
const held: ServerResponse[] = [];
const server = createServer((request, response) => {
  const wait = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('wait'));
  if (wait < 0) {
    held.push(response);
    return;
  }
  setTimeout(() => {
    response.setHeader('content-type', 'application/json');
    response.end('{"errcode":0,"errmsg":"ok"}');
  }, wait);
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const response of held) response.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function timed(
  transport: HttpTransport,
  wait: number,
  timeoutMs: number,
): Promise<{ ms: number; error?: unknown }> {
  const started = performance.now();
  try {
    await transport.request({
      method: 'POST',
      path: '/send',
      query: `wait=${wait}`,
      body: '{}',
      timeoutMs,
    });
    return { ms: performance.now() - started };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe('transport deadlines', () => {
  it('times out each exchange at its own deadline, never early, while others answer', async () => {
    const transport = new HttpTransport(url);
    try {
      const results = await Promise.all([
        timed(transport, -1, 80),
        timed(transport, 10, 400),
        new Promise((resolve) => setTimeout(resolve, 30)).then(() => timed(transport, -1, 80)),
        timed(transport, -1, 200),
        timed(transport, 20, 80),
      ]);
      const [first, answered, later, longer, quick] = results as Awaited<
        ReturnType<typeof timed>
      >[];
      for (const [result, timeoutMs] of [
        [first, 80],
        [later, 80],
        [longer, 200],
      ] as const) {
        expect(result?.error).toBeInstanceOf(WeChatTransportError);
        expect(result?.error).toMatchObject({ failure: 'timeout', requestSent: true });
        // Never before the deadline (a millisecond of timer rounding aside).
        expect(result?.ms).toBeGreaterThanOrEqual(timeoutMs - 1);
        // And not much after it, even on a busy machine.
        expect(result?.ms).toBeLessThan(timeoutMs + 1500);
      }
      expect(answered?.error).toBeUndefined();
      expect(quick?.error).toBeUndefined();
    } finally {
      await transport.close().catch(() => {});
    }
  });

  it('keeps timing out exchanges after the list ran empty', async () => {
    const transport = new HttpTransport(url);
    try {
      expect((await timed(transport, 5, 100)).error).toBeUndefined();
      const late = await timed(transport, -1, 60);
      expect(late.error).toMatchObject({ failure: 'timeout' });
      expect(late.ms).toBeGreaterThanOrEqual(59);
      expect((await timed(transport, 5, 100)).error).toBeUndefined();
    } finally {
      await transport.close().catch(() => {});
    }
  });

  it("turns WeChat's success envelope into a fresh object, as JSON.parse would", async () => {
    const transport = new HttpTransport(url);
    try {
      const call = { method: 'POST', path: '/send', query: 'wait=0', body: '{}', timeoutMs: 1000 };
      const answer = await transport.request(call as Parameters<HttpTransport['request']>[0]);
      expect(answer).toEqual({ errcode: 0, errmsg: 'ok' });
      expect(Object.keys(answer as object)).toEqual(['errcode', 'errmsg']);
      // A fresh object every time: callers may keep or change what they got.
      const again = await transport.request(call as Parameters<HttpTransport['request']>[0]);
      expect(again).not.toBe(answer);
    } finally {
      await transport.close().catch(() => {});
    }
  });
});
