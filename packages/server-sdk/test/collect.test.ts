import { InvalidArgumentError, parseCollectResponse } from '@wxtpl/shared-types';
import { describe, expect, it } from 'vitest';
import { createCollectHandler } from '../src/collect/index.js';
import { collectFixture, collectRequest, streamOf } from './helpers/collect.js';

const now = () => Date.now();

describe('createCollectHandler', () => {
  it('stores valid formIds and answers a CollectResponse', async () => {
    const { pool, handler } = collectFixture();
    const response = await handler(
      collectRequest({
        items: [
          { formId: 'f-1', createdAt: now() },
          { formId: 'f-1', createdAt: now() },
          { formId: 'the formId is a mock one', createdAt: now() },
          { formId: 'f-late', createdAt: now() + 3_600_000 },
        ],
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const parsed = parseCollectResponse(await response.json());
    expect(parsed).toEqual({
      ok: true,
      value: {
        accepted: ['f-1'],
        duplicates: ['f-1'],
        rejected: [
          { formId: 'the formId is a mock one', reason: 'mock' },
          { formId: 'f-late', reason: 'created_in_future' },
        ],
      },
    });
    expect(await pool.available('user-a')).toBe(1);
  });

  it('takes the openid from the session only, never from the body', async () => {
    const { pool, handler } = collectFixture();
    const response = await handler(
      collectRequest({ openid: 'victim', items: [{ formId: 'f-1', createdAt: now() }] }),
    );
    expect(response.status).toBe(200);
    expect(await pool.available('victim')).toBe(0);
    expect(await pool.available('user-a')).toBe(1);
  });

  it('answers 401 without a signed-in user', async () => {
    const { handler } = collectFixture();
    const response = await handler(
      collectRequest({ items: [{ formId: 'f-1', createdAt: now() }] }, { openid: null }),
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('answers 405 with Allow for other methods', async () => {
    const { handler } = collectFixture();
    const response = await handler(new Request('http://app.test/c', { method: 'GET' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it.each([
    [undefined, 415],
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=latin1', 415],
    ['application/json; charset=UTF-8', 200],
    ['Application/JSON', 200],
  ])('content type %s → %i', async (contentType, status) => {
    const { handler } = collectFixture();
    const headers = new Headers({ 'x-test-openid': 'user-a' });
    if (contentType) headers.set('content-type', contentType);
    const response = await handler(
      new Request('http://app.test/c', {
        method: 'POST',
        headers,
        body: JSON.stringify({ items: [{ formId: 'f-1', createdAt: now() }] }),
      }),
    );
    expect(response.status).toBe(status);
  });

  it('answers 413 on a declared Content-Length over the limit without reading', async () => {
    const { handler } = collectFixture({ maxBodyBytes: 100 });
    let pulled = 0;
    const body = new ReadableStream({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(10));
      },
    });
    const response = await handler(
      new Request('http://app.test/c', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': '101',
          'x-test-openid': 'u',
        },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('counts the bytes of a body that declares no length, and stops at the limit', async () => {
    const { handler } = collectFixture({ maxBodyBytes: 1024 });
    let produced = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        produced += 256;
        controller.enqueue(new TextEncoder().encode(' '.repeat(256)));
      },
    });
    const response = await handler(
      new Request('http://app.test/c', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-openid': 'u' },
        body: endless,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'body_too_large' });
    expect(produced).toBeLessThan(4096);
  });

  it('accepts a streamed body just under the limit', async () => {
    const { handler } = collectFixture({ maxBodyBytes: 200 });
    const json = JSON.stringify({ items: [{ formId: 'f-1', createdAt: now() }] });
    const padded = new TextEncoder().encode(json.padEnd(200, ' '));
    const response = await handler(
      new Request('http://app.test/c', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-openid': 'u' },
        body: streamOf([padded.slice(0, 50), padded.slice(50)]),
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(200);
  });

  it('answers 400 with the exact problem for malformed bodies', async () => {
    const { handler } = collectFixture({ maxItems: 2 });
    const cases: [string | Uint8Array, string, unknown?][] = [
      ['{"items": [', 'invalid_json'],
      ['', 'invalid_json'],
      [new Uint8Array([0x7b, 0xff, 0x7d]), 'invalid_encoding'],
      ['[]', 'invalid_body', [{ path: '', code: 'not_an_object' }]],
      ['{"items": []}', 'invalid_body', [{ path: 'items', code: 'empty' }]],
      [JSON.stringify({ items: [1, 2, 3] }), 'invalid_body', [{ path: 'items', code: 'too_many' }]],
      [
        JSON.stringify({
          items: [
            { formId: 7, createdAt: now() },
            { formId: 'ok', createdAt: -1 },
          ],
        }),
        'invalid_body',
        [
          { path: 'items[0].formId', code: 'not_a_string' },
          { path: 'items[1].createdAt', code: 'not_a_timestamp' },
        ],
      ],
    ];
    for (const [body, error, issues] of cases) {
      const response = await handler(
        new Request('http://app.test/c', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-test-openid': 'u' },
          body,
        }),
      );
      expect(response.status).toBe(400);
      const json = (await response.json()) as { error: string; message: string; issues?: unknown };
      expect(json).toMatchObject({ error });
      expect(typeof json.message).toBe('string');
      if (issues) expect(json.issues).toMatchObject(issues);
    }
  });

  it('answers 500, without details, when the app cannot resolve the session', async () => {
    const errors: unknown[] = [];
    const { handler } = collectFixture({
      resolveOpenid: () => {
        throw new Error('session store down: secret=abc');
      },
      onError: (error) => errors.push(error),
    });
    const response = await handler(collectRequest({ items: [] }));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret');
    expect(errors).toHaveLength(1);
  });

  it('passes the adapter context to resolveOpenid', async () => {
    const seen: unknown[] = [];
    const { pool } = collectFixture();
    const handler = createCollectHandler({
      pool,
      resolveOpenid: (_request, context) => {
        seen.push(context.native);
        return 'user-n';
      },
    });
    await handler.handle(collectRequest({ items: [{ formId: 'f', createdAt: now() }] }), {
      native: 'native-req',
    });
    // Called as a plain route handler (Next.js, Hono, …), the context is empty.
    await handler(collectRequest({ items: [{ formId: 'g', createdAt: now() }] }));
    expect(seen).toEqual(['native-req', undefined]);
    // One parameter: a Web route handler's shape, whatever the platform passes second.
    expect(handler.length).toBe(1);
  });

  it('rejects bad options', () => {
    const { pool } = collectFixture();
    expect(() => createCollectHandler({ pool, resolveOpenid: () => 'u', maxItems: 0 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => createCollectHandler({ pool, resolveOpenid: undefined as never })).toThrow(
      InvalidArgumentError,
    );
  });
});

describe('popup reports through the collect handler', () => {
  it('records accepted templates once per report and names the reports it settled', async () => {
    const { pool, handler } = collectFixture({ resolveOpenid: () => 'user-s' });
    const upload = (body: object) => handler(collectRequest(body));
    const report = { id: 'popup-1', templateIds: ['tplA', 'tplB'], acceptedAt: now() };
    const first = await upload({ items: [], subscriptions: [report] });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      accepted: [],
      duplicates: [],
      rejected: [],
      subscriptions: ['popup-1'],
    });
    // The phone never heard the answer and uploads again: still one acceptance each.
    await upload({ items: [{ formId: 'f-1', createdAt: now() }], subscriptions: [report] });
    expect(await pool.available('user-s', { templateId: 'tplA' })).toBe(1);
    expect(await pool.available('user-s', { templateId: 'tplB' })).toBe(1);
    expect(await pool.available('user-s')).toBe(1);
    // A template id no pool can key by is settled (never storable), not retried for ever.
    const bad = await upload({
      items: [],
      subscriptions: [{ id: 'popup-2', templateIds: ['has space'], acceptedAt: now() }],
    });
    expect(((await bad.json()) as { subscriptions: string[] }).subscriptions).toEqual(['popup-2']);
  });
});
