import { describe, expect, it } from 'vitest';
import { CreditPool } from '../src/pool/index.js';
import { createMessagePushHandler } from '../src/push/index.js';
import { createMemoryStore } from '../src/store/index.js';
import { collectFixture } from './helpers/collect.js';

// Red-team finding: the handlers read a body for as long as it takes. Behind Fastify with its
// defaults (requestTimeout 0) or any runtime without a request deadline, a client that sends one
// byte now and then (or nothing after the headers) held the handler, and its memory, for ever.
/** A body that sends its first bytes, then nothing, and never ends. */
const stalled = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"items":['));
    },
  });

/**
 * Posts a {@link stalled} body to `handler`: its answer, or `still waiting` after 2 s (the
 * handlers give up after 200 ms).
 */
const postStalled = (
  handler: (request: Request) => Promise<Response>,
  url: string,
  headers: Record<string, string> = {},
) =>
  Promise.race([
    handler(
      new Request(url, { method: 'POST', headers, body: stalled(), duplex: 'half' } as RequestInit),
    ),
    new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 2000)),
  ]);

describe('a body that stops arriving', () => {
  it('collect: answered 408 within bodyTimeoutMs', async () => {
    const { handler } = collectFixture({ bodyTimeoutMs: 200 });
    const answer = await postStalled(handler, 'http://app.test/wxtpl/collect', {
      'content-type': 'application/json',
      'x-test-openid': 'user-slow',
    });
    expect(answer).not.toBe('still waiting');
    expect((answer as Response).status).toBe(408);
    expect(((await (answer as Response).json()) as { error: string }).error).toBe(
      'request_timeout',
    );
  });

  it('message push: answered 408 within bodyTimeoutMs', async () => {
    const pool = new CreditPool({ store: createMemoryStore(), appId: 'wxslowbody000001' });
    const handler = createMessagePushHandler({
      appId: 'wxslowbody000001',
      token: 'slowToken',
      pool,
      bodyTimeoutMs: 200,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const answer = await postStalled(
      handler,
      `https://app.example/wechat/push?timestamp=${timestamp}&nonce=n&signature=x`,
    );
    expect(answer).not.toBe('still waiting');
    expect((answer as Response).status).toBe(408);
  });
});
