import {
  CREDIT_TTL_MS,
  FAILED_FORM_ID_PREFIX,
  MOCK_FORM_ID,
  parseCollectResponse,
  validateFormId,
} from '@wxtpl/shared-types';
import { manualClock, openTestStore, type TestStore } from '@wxtpl/testkit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollectHandler } from '../src/collect/index.js';
import { FormIdPool } from '../src/pool/index.js';

const clock = manualClock();
const NOW = clock.now();
const DAY = 86_400_000;

const formIdArb = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-f0-9]{4,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom('dup-a', 'dup-b', 'dup-c') },
  { weight: 1, arbitrary: fc.string({ maxLength: 140 }) },
  { weight: 1, arbitrary: fc.constantFrom(MOCK_FORM_ID, `${FAILED_FORM_ID_PREFIX} x`, '', ' ') },
  { weight: 1, arbitrary: fc.string({ minLength: 129, maxLength: 200 }) },
);
const createdAtArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: NOW - 8 * DAY, max: NOW + 10 * 60_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2) },
  { weight: 1, arbitrary: fc.anything() },
);
const itemArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({ formId: formIdArb, createdAt: createdAtArb }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { formId: formIdArb, createdAt: createdAtArb, openid: fc.string() },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.anything() },
);
const bodyArb: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({ items: fc.array(itemArb, { maxLength: 110 }) })
      .map((v) => JSON.stringify(v)),
  },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.array(fc.record({ formId: fc.string({ maxLength: 16 }), createdAt: fc.constant(NOW) }), {
          minLength: 1,
          maxLength: 100,
        }),
        fc.integer({ min: 60_000, max: 70_000 }),
      )
      // Near the 64 KiB limit, on both sides of it.
      .map(([items, pad]) => JSON.stringify({ items, pad: 'x'.repeat(pad) })),
  },
);
const requestArb = fc.record({
  body: bodyArb,
  method: fc.oneof(
    { weight: 9, arbitrary: fc.constant('POST') },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH') },
  ),
  contentType: fc.oneof(
    { weight: 9, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-16', '') },
  ),
  signedIn: fc.oneof(
    { weight: 9, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
});

describe.each([
  ['memory', 3000],
  ['redis', 400],
] as const)('collect handler under fuzzing (%s pool)', (kind, numRuns) => {
  let testStore: TestStore;
  beforeAll(async () => {
    testStore = await openTestStore(kind);
  });
  afterAll(async () => {
    await testStore.cleanup();
  });

  it('answers 200 with a valid CollectResponse or a 4xx, and the pool holds what was accepted', async () => {
    const pool = new FormIdPool({
      store: testStore.store,
      appId: 'wxfuzz',
      now: clock.now,
      maxCreditsPerUser: 1_000_000,
      maxRememberedPerUser: 1_000_000,
      // One fuzzed user sends thousands of uploads: the per-user bounds have their own tests.
      uploadLimit: false,
    });
    const handler = createCollectHandler({
      pool,
      resolveOpenid: (request) => request.headers.get('x-session'),
    });
    const stored = new Set<string>();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ body, method, contentType, signedIn }) => {
        const headers: Record<string, string> = {};
        if (contentType) headers['content-type'] = contentType;
        if (signedIn) headers['x-session'] = 'fuzzed-user';
        const response = await handler(
          new Request('http://app.test/collect', {
            method,
            headers,
            body: method === 'GET' ? undefined : body,
          }),
        );
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect([200, 400, 401, 405, 413, 415]).toContain(response.status);
        const json = (await response.json()) as {
          error: string;
          message: string;
          issues?: unknown;
        };
        if (response.status !== 200) {
          expect(typeof json.error).toBe('string');
          expect(typeof json.message).toBe('string');
          return;
        }
        const parsed = parseCollectResponse(json);
        if (!parsed.ok)
          throw new Error(`invalid CollectResponse: ${JSON.stringify(parsed.errors)}`);
        const { accepted, duplicates, rejected } = parsed.value;
        const sent = (JSON.parse(body as string) as { items: { formId: string }[] }).items;
        expect(accepted.length + duplicates.length + rejected.length).toBe(sent.length);
        const batch = new Set<string>();
        for (const id of accepted) {
          expect(validateFormId(id)).toBeNull();
          expect(stored.has(id) || batch.has(id)).toBe(false);
          batch.add(id);
        }
        for (const id of duplicates) expect(stored.has(id) || batch.has(id)).toBe(true);
        for (const { formId, reason } of rejected) {
          const problem = validateFormId(formId);
          if (problem !== null) expect(reason).toBe(problem);
          else expect(['expired', 'created_in_future']).toContain(reason);
        }
        for (const id of batch) stored.add(id);
      }),
      { numRuns, seed: Number(process.env.FUZZ_SEED ?? 20261126) },
    );
    expect(await pool.available('fuzzed-user')).toBe(stored.size);
    expect(new Set((await pool.credits('fuzzed-user')).map((c) => c.id))).toEqual(stored);
    // The generators reach every answer, not just the happy path.
    for (const status of [200, 400, 401, 405, 413, 415])
      expect(statuses.get(status)).toBeGreaterThan(0);
    clock.advance(CREDIT_TTL_MS);
    expect(await pool.purgeExpired()).toBe(stored.size);
  }, 120_000);
});
