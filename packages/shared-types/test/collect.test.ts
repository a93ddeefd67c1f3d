import { describe, expect, it } from 'vitest';
import {
  COLLECT_MAX_ITEMS,
  collectSettlement,
  parseCollectRequest,
  parseCollectResponse,
} from '../src/index.js';

const NOW = 1_764_000_000_000;

function errorsOf(input: unknown, maxItems?: number) {
  const result = parseCollectRequest(input, maxItems === undefined ? {} : { maxItems });
  if (result.ok) throw new Error('expected a failure');
  return result.errors;
}

describe('parseCollectRequest', () => {
  it('types a valid request and copies only known fields', () => {
    const result = parseCollectRequest({
      openid: 'forged-openid',
      items: [
        { formId: 'a1', createdAt: NOW, extra: 1 },
        { formId: 'the formId is a mock one', createdAt: NOW },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        items: [
          { formId: 'a1', createdAt: NOW },
          { formId: 'the formId is a mock one', createdAt: NOW },
        ],
      },
    });
  });

  it.each([
    [null, '', 'not_an_object'],
    [undefined, '', 'not_an_object'],
    ['items', '', 'not_an_object'],
    [[{ formId: 'a', createdAt: NOW }], '', 'not_an_object'],
    [{}, 'items', 'not_an_array'],
    [{ items: 'a' }, 'items', 'not_an_array'],
    [{ items: { 0: { formId: 'a', createdAt: NOW } } }, 'items', 'not_an_array'],
    [{ items: [] }, 'items', 'empty'],
  ])('refuses %j at %j with %s', (input, path, code) => {
    expect(errorsOf(input)).toEqual([expect.objectContaining({ path, code })]);
  });

  it('lists every bad item with its precise path', () => {
    const errors = errorsOf({
      items: [
        { formId: 'ok', createdAt: NOW },
        null,
        { formId: 7, createdAt: NOW },
        { formId: 'b', createdAt: '2024-01-01' },
        { formId: 'c', createdAt: 1.5 },
        { formId: 'd', createdAt: -1 },
        { formId: 'e', createdAt: Number.MAX_VALUE },
        { createdAt: NOW },
        'x',
      ],
    });
    expect(errors.map((e) => `${e.path}:${e.code}`)).toEqual([
      'items[1]:not_an_object',
      'items[2].formId:not_a_string',
      'items[3].createdAt:not_a_timestamp',
      'items[4].createdAt:not_a_timestamp',
      'items[5].createdAt:not_a_timestamp',
      'items[6].createdAt:not_a_timestamp',
      'items[7].formId:not_a_string',
      'items[8]:not_an_object',
    ]);
    expect(errors[1]?.message).toBe('expected a string, got number');
  });

  it('bounds the batch size', () => {
    const items = Array.from({ length: COLLECT_MAX_ITEMS + 1 }, (_, i) => ({
      formId: `f${i}`,
      createdAt: NOW,
    }));
    expect(errorsOf({ items })[0]).toMatchObject({ path: 'items', code: 'too_many' });
    expect(errorsOf({ items: items.slice(0, 3) }, 2)[0]).toMatchObject({ code: 'too_many' });
    expect(parseCollectRequest({ items: items.slice(0, COLLECT_MAX_ITEMS) }).ok).toBe(true);
  });

  it('is not fooled by prototype-pollution keys', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"items": [{"formId": "p", "createdAt": 1}]}, "constructor": {"prototype": {"polluted": true}}}',
    );
    expect(errorsOf(hostile)).toEqual([
      expect.objectContaining({ path: 'items', code: 'not_an_array' }),
    ]);
    const item = JSON.parse('{"__proto__": {"formId": "p", "createdAt": 5}}');
    expect(errorsOf({ items: [item] }).map((e) => e.path)).toEqual([
      'items[0].formId',
      'items[0].createdAt',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).items).toBeUndefined();
  });

  it('refuses objects that are not plain data', () => {
    expect(errorsOf(new Date())[0]?.code).toBe('not_an_object');
    expect(errorsOf({ items: [new Map()] })[0]?.code).toBe('not_an_object');
  });

  it('copes with huge strings and deep nesting without echoing them', () => {
    const huge = 'z'.repeat(5_000_000);
    let deep: unknown = { formId: 'x', createdAt: NOW };
    for (let i = 0; i < 10_000; i++) deep = { items: [deep] };
    const errors = errorsOf({ items: [{ formId: 'ok', createdAt: huge }, deep] });
    expect(errors.map((e) => e.code)).toEqual([
      'not_a_timestamp',
      'not_a_string',
      'not_a_timestamp',
    ]);
    for (const e of errors) expect(e.message.length).toBeLessThan(200);
  });
});

describe('parseCollectResponse', () => {
  it('accepts a well-formed answer', () => {
    const body = {
      accepted: ['a'],
      duplicates: ['b'],
      rejected: [{ formId: 'c', reason: 'mock' }],
    };
    expect(parseCollectResponse(body)).toEqual({ ok: true, value: body });
  });

  it('refuses anything the collector should not trust to drop formIds', () => {
    for (const body of [
      null,
      'ok',
      { accepted: [], duplicates: [] },
      { accepted: [1], duplicates: [], rejected: [] },
      { accepted: [], duplicates: [], rejected: [{ formId: 'c', reason: 'whatever' }] },
      { accepted: [], duplicates: [], rejected: [{ reason: 'mock' }] },
      { accepted: [], duplicates: 'b', rejected: [] },
    ]) {
      expect(parseCollectResponse(body).ok).toBe(false);
    }
  });
});

describe('collectSettlement (the phone side)', () => {
  const answer = {
    accepted: ['a'],
    duplicates: ['b'],
    rejected: [{ formId: 'c', reason: 'mock' }],
  };

  it('names every formId the answer settles, and the reports when the backend knows them', () => {
    expect(collectSettlement(answer)).toEqual({ formIds: ['a', 'b', 'c'] });
    expect(collectSettlement({ ...answer, subscriptions: ['r-1'] })).toEqual({
      formIds: ['a', 'b', 'c'],
      subscriptions: ['r-1'],
    });
  });

  it('settles a formId rejected for a reason this phone does not know yet', () => {
    const later = { ...answer, rejected: [{ formId: 'c', reason: 'some_future_reason' }] };
    expect(collectSettlement(later)?.formIds).toContain('c');
  });

  it('refuses what parseCollectResponse refuses structurally', () => {
    for (const body of [
      null,
      'ok',
      [],
      { accepted: [], duplicates: [] },
      { accepted: [1], duplicates: [], rejected: [] },
      { accepted: [], duplicates: [], rejected: [{ reason: 'mock' }] },
      { accepted: [], duplicates: [], rejected: ['c'] },
      { accepted: [], duplicates: 'b', rejected: [] },
      { ...answer, subscriptions: [1] },
      { ...answer, subscriptions: 'r-1' },
      // Keys from a prototype are no answer.
      Object.create(answer),
    ]) {
      expect(collectSettlement(body), JSON.stringify(body)).toBeNull();
      expect(parseCollectResponse(body).ok).toBe(false);
    }
  });
});

describe('popup reports in the collect protocol', () => {
  const report = { id: 'r-1', templateIds: ['t1', 't2'], acceptedAt: 1_764_000_000_000 };

  it('carries popup reports beside formIds, or alone', () => {
    expect(parseCollectRequest({ items: [], subscriptions: [report] })).toEqual({
      ok: true,
      value: { items: [], subscriptions: [report] },
    });
    const both = parseCollectRequest({
      items: [{ formId: 'f', createdAt: 1 }],
      subscriptions: [{ ...report, longTerm: true, extra: 'ignored' }],
    });
    expect(both).toEqual({
      ok: true,
      value: {
        items: [{ formId: 'f', createdAt: 1 }],
        subscriptions: [{ ...report, longTerm: true }],
      },
    });
  });

  it('keeps old uploads valid and refuses an upload with nothing in it', () => {
    expect(parseCollectRequest({ items: [{ formId: 'f', createdAt: 1 }] })).toEqual({
      ok: true,
      value: { items: [{ formId: 'f', createdAt: 1 }] },
    });
    expect(parseCollectRequest({ items: [], subscriptions: [] })).toMatchObject({
      ok: false,
      errors: [{ path: 'items', code: 'empty' }],
    });
  });

  it('names every malformed report field', () => {
    const result = parseCollectRequest({
      items: [],
      subscriptions: [
        { id: '', templateIds: ['a', 'b', 'c', 'd'], longTerm: 'yes', acceptedAt: -1 },
        'nope',
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => `${e.path}:${e.code}`)).toEqual([
        'subscriptions[0].id:not_an_id',
        'subscriptions[0].templateIds:not_template_ids',
        'subscriptions[0].longTerm:not_a_boolean',
        'subscriptions[0].acceptedAt:not_a_timestamp',
        'subscriptions[1]:not_an_object',
      ]);
    }
    const many = Array.from({ length: 21 }, (_, i) => ({ ...report, id: `r${i}` }));
    expect(parseCollectRequest({ items: [], subscriptions: many })).toMatchObject({
      ok: false,
      errors: [{ path: 'subscriptions', code: 'too_many' }],
    });
  });

  it('reads the settled report ids of an answer, absent from old backends', () => {
    const answer = { accepted: [], duplicates: [], rejected: [] };
    expect(parseCollectResponse(answer)).toEqual({ ok: true, value: answer });
    expect(parseCollectResponse({ ...answer, subscriptions: ['r-1'] })).toEqual({
      ok: true,
      value: { ...answer, subscriptions: ['r-1'] },
    });
    expect(parseCollectResponse({ ...answer, subscriptions: [1] }).ok).toBe(false);
  });
});
