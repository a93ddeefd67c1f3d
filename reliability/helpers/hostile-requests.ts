import type { HostileStatus, HttpSpec, Traffic, TrafficContext } from './traffic.ts';
import { HOSTILE_ID_PREFIX, jsonObject } from './traffic.ts';

const KIB = 1024;
const BODY_LIMIT = 64 * KIB;

type Built = { expect: HostileStatus; http: Partial<HttpSpec> & { body?: Buffer } };
type Builder = (c: TrafficContext) => Built;

/**
 * Requests the collect endpoint must refuse. Each carries a valid session unless its point is
 * the session, so that the body really is inspected; formIds in them start with `h-` and must
 * never reach the pool.
 */
const BUILDERS = {
  notAnObject: (c) => {
    const value = c.random.json();
    const body = isPlainObject(value) ? [value] : value;
    return json(400, JSON.stringify(body) ?? 'null');
  },
  arrayOfUploads: (c) => json(400, `[${uploadText(c, 2)}]`),
  noItems: (c) => {
    const value = c.random.json();
    const object = isPlainObject(value) ? { ...value } : { Items: [item(c)], formIds: [id(c)] };
    delete (object as Record<string, unknown>).items;
    return json(400, JSON.stringify(object));
  },
  itemsNotAnArray: (c) => {
    const value = c.random.json();
    const items = Array.isArray(value)
      ? c.random.pick([{ length: 1, 0: item(c) }, item(c), id(c), 42, null, true])
      : value;
    return json(400, JSON.stringify({ items }) ?? '{}');
  },
  emptyItems: () => json(400, '{"items":[]}'),
  tooManyItems: (c) => {
    // Short ids: 900 items stay well under the byte limit.
    const small = () => ({ formId: `${HOSTILE_ID_PREFIX}${c.random.hex(8)}`, createdAt: c.now });
    return json(
      400,
      JSON.stringify({ items: Array.from({ length: c.random.int(101, 900) }, small) }),
    );
  },
  badItem: (c) => {
    const items: unknown[] = Array.from({ length: c.random.int(1, 10) }, () => item(c));
    const bad = c.random.int(1, items.length);
    for (let i = 0; i < bad; i++) items[c.random.int(0, items.length - 1)] = badItem(c);
    return json(400, JSON.stringify({ items }));
  },
  numbersAsFormIds: (c) => {
    const formId = () => c.random.pick([c.random.int(0, 2 ** 40), -1, 0, 1.5e10, 3.14]);
    const items = Array.from({ length: c.random.int(1, 5) }, () => ({
      ...item(c),
      formId: formId(),
    }));
    return json(400, JSON.stringify({ items }));
  },
  deepNesting: (c) => {
    const shape = c.random.pick(['arrays', 'objects', 'tooDeepForTheLimit'] as const);
    if (shape === 'arrays') {
      const depth = c.random.int(1_000, 30_000);
      return json(400, `{"items":[${'['.repeat(depth)}${']'.repeat(depth)}]}`);
    }
    if (shape === 'objects') {
      const depth = c.random.int(1_000, 10_000);
      return json(
        400,
        `{"items":[{"formId":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"createdAt":1}]}`,
      );
    }
    const depth = c.random.int(BODY_LIMIT, 300_000);
    return json(413, `{"items":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  },
  hugeString: (c) => {
    const huge = 'x'.repeat(c.random.int(BODY_LIMIT, 2 * KIB * KIB));
    const body = c.random.chance(0.5)
      ? JSON.stringify({ items: [{ formId: `${HOSTILE_ID_PREFIX}${huge}`, createdAt: c.now }] })
      : `{"${huge}":1,"items":[${JSON.stringify(item(c))}]}`;
    return json(413, body);
  },
  oversized: (c) => {
    // Log-uniform from just over the limit to 4 MiB; half of them chunked (no Content-Length).
    const size = Math.round(Math.exp(c.random.next() * Math.log(64)) * BODY_LIMIT) + 1;
    const built = json(413, `{"items":[${JSON.stringify(item(c))}],"pad":"${'p'.repeat(size)}"}`);
    return { ...built, http: { ...built.http, chunked: c.random.chance(0.5) } };
  },
  truncatedJson: (c) => {
    const text = uploadText(c, c.random.int(1, 5));
    return json(400, text.slice(0, c.random.int(1, text.length - 1)));
  },
  invalidUtf8: (c) => {
    const text = JSON.stringify({
      items: [{ formId: `${HOSTILE_ID_PREFIX}${c.random.hex(8)}@`, createdAt: c.now }],
    });
    const at = text.indexOf('@');
    const bad = c.random.pick([
      [0xff],
      [0xfe],
      [0x80],
      [0xc3, 0x28],
      [0xc0, 0xaf], // overlong '/'
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate
      [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
      [0xe2, 0x82], // truncated sequence
    ]);
    const body = Buffer.concat([
      Buffer.from(text.slice(0, at)),
      Buffer.from(bad),
      Buffer.from(text.slice(at + 1)),
    ]);
    return { expect: 400, http: { headers: jsonType(c), body } };
  },
  wrongContentType: (c) => {
    const type = c.random.pick([
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json-patch+json',
      'application/jsonp',
      'text/json',
      '',
    ]);
    const headers: Record<string, string> = { authorization: session(c) };
    if (type !== '') headers['content-type'] = type;
    return { expect: 415, http: { headers, body: Buffer.from(uploadText(c, 1)) } };
  },
  prototypePollution: (c) => {
    const one = JSON.stringify(item(c));
    const formId = JSON.stringify(id(c));
    return json(
      400,
      c.random.pick([
        `{"__proto__":{"items":[${one}]}}`,
        `{"constructor":{"prototype":{"items":[${one}]}}}`,
        `{"items":{"__proto__":[],"length":1,"0":${one}}}`,
        `{"items":[{"__proto__":{"formId":${formId},"createdAt":${c.now}}}]}`,
        `{"items":[{"formId":${formId},"__proto__":{"createdAt":${c.now}}}]}`,
        `{"__proto__":{"polluted":"yes"},"items":[{"formId":{"__proto__":{"toString":"x"}},"createdAt":${c.now}}]}`,
        `{"items":[{"constructor":{"prototype":{"polluted":"yes"}},"formId":${formId}}]}`,
      ]),
    );
  },
  forgedOpenidWithoutSession: (c) => {
    const victim = c.random.pick(c.victims);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const auth = c.random.pick([undefined, ...c.badAuthorizations]);
    if (auth !== undefined) headers.authorization = auth;
    if (c.random.chance(0.3)) headers['x-openid'] = victim;
    const body = jsonObject([
      `"openid":${JSON.stringify(victim)}`,
      `"items":[${JSON.stringify(item(c))}]`,
    ]);
    const query = c.random.chance(0.3) ? `?openid=${encodeURIComponent(victim)}` : '';
    return { expect: 401, http: { path: `/formids${query}`, headers, body: Buffer.from(body) } };
  },
  wrongMethod: (c) => {
    const method = c.random.pick(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);
    const withBody = ['PUT', 'PATCH', 'DELETE'].includes(method);
    return {
      expect: 405,
      http: {
        method,
        headers: jsonType(c),
        ...(withBody ? { body: Buffer.from(uploadText(c, 1)) } : {}),
      },
    };
  },
  duplicateKeys: (c) =>
    json(
      400,
      `{"items":[${JSON.stringify(item(c))}],"items":${c.random.pick(['[]', '"x"', '{}', 'null'])}}`,
    ),
  emptyBody: (c) => ({ expect: 400, http: { headers: jsonType(c), body: Buffer.alloc(0) } }),
  randomBytes: (c) => {
    const bytes = Buffer.from(
      Array.from({ length: c.random.int(1, 2000) }, () => c.random.int(0, 255)),
    );
    return { expect: 400, http: { headers: jsonType(c), body: bytes } };
  },
  randomText: (c) => {
    const text = c.random.text();
    return json(400, text.trim().startsWith('{') ? `[${text}` : text || ' ');
  },
} satisfies Record<string, Builder>;

const WEIGHTS: Record<keyof typeof BUILDERS, number> = {
  notAnObject: 8,
  arrayOfUploads: 4,
  noItems: 6,
  itemsNotAnArray: 6,
  emptyItems: 2,
  tooManyItems: 3,
  badItem: 10,
  numbersAsFormIds: 5,
  deepNesting: 4,
  hugeString: 2,
  oversized: 2,
  truncatedJson: 8,
  invalidUtf8: 6,
  wrongContentType: 6,
  prototypePollution: 8,
  forgedOpenidWithoutSession: 6,
  wrongMethod: 5,
  duplicateKeys: 3,
  emptyBody: 2,
  randomBytes: 4,
  randomText: 4,
};

export function hostileRequest(c: TrafficContext): Traffic {
  const label = c.random.weighted(WEIGHTS);
  const builder: Builder = BUILDERS[label];
  const { expect, http } = builder(c);
  return {
    kind: 'hostile',
    label,
    expect,
    http: {
      method: http.method ?? 'POST',
      path: http.path ?? '/formids',
      headers: http.headers ?? jsonType(c),
      ...(http.body ? { body: http.body } : {}),
      ...(http.chunked ? { chunked: true } : {}),
    },
  };
}

function json(expect: HostileStatus, text: string): Built {
  return { expect, http: { body: Buffer.from(text) } };
}

function session(c: TrafficContext): string {
  return c.random.pick(c.sessions).authorization;
}

function jsonType(c: TrafficContext): Record<string, string> {
  return { authorization: session(c), 'content-type': 'application/json' };
}

function id(c: TrafficContext): string {
  return `${HOSTILE_ID_PREFIX}${c.random.hex(c.random.int(8, 32))}`;
}

/** A well-formed item that must not be stored: it rides in a request that is refused. */
function item(c: TrafficContext) {
  return { formId: id(c), createdAt: c.now - c.random.int(0, 86_400_000) };
}

function badItem(c: TrafficContext): unknown {
  const good = item(c);
  return c.random.pick<unknown>([
    { ...good, formId: c.random.int(0, 1e9) },
    { ...good, formId: null },
    { ...good, formId: true },
    { ...good, formId: {} },
    { ...good, formId: [good.formId] },
    { createdAt: good.createdAt },
    { ...good, createdAt: String(good.createdAt) },
    { ...good, createdAt: 1.5 },
    { ...good, createdAt: -good.createdAt },
    { ...good, createdAt: 0 },
    { ...good, createdAt: null },
    { ...good, createdAt: 1e21 },
    { ...good, createdAt: 2 ** 53 + 2 },
    { formId: good.formId },
    null,
    42,
    good.formId,
    [good.formId, good.createdAt],
  ]);
}

/** JSON text of a well-formed upload of `count` hostile-prefixed items. */
function uploadText(c: TrafficContext, count: number): string {
  return JSON.stringify({ items: Array.from({ length: count }, () => item(c)) });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
