import {
  FAILED_FORM_ID_PREFIX,
  FORM_ID_MAX_LENGTH,
  MOCK_FORM_ID,
  UNAVAILABLE_FORM_ID,
  validateFormId,
} from '@wxtpl/shared-types';
import type { CollectItem, Traffic, TrafficContext } from './traffic.ts';
import { HOSTILE_ID_PREFIX, jsonObject } from './traffic.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Valid formIds that are also names on Object.prototype and friends. */
const TRICKY_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Content types the endpoint accepts. */
const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'Application/JSON;charset="UTF-8"',
];

/**
 * Well-formed uploads of signed-in users: fresh formIds (some with names like `__proto__`),
 * duplicates, formIds of other users, and items the pool must reject (mock, empty, too long,
 * control characters, expired, created in the future), sometimes with a forged openid in the
 * body, a header or the query. Keeps each user's distinct storable formIds under a cap.
 */
export class ValidUploads {
  private readonly sent: string[][];
  private readonly storable: Set<string>[];

  constructor(
    private readonly context: TrafficContext,
    private readonly maxStorablePerUser: number,
  ) {
    this.sent = context.sessions.map(() => []);
    this.storable = context.sessions.map(() => new Set());
  }

  next(): Traffic {
    const r = this.context.random;
    const user = r.int(0, this.context.sessions.length - 1);
    const session = this.context.sessions[user] as (typeof this.context.sessions)[number];
    const items = Array.from({ length: r.int(1, 8) }, () => this.item(user));
    const members = [`"items":${JSON.stringify(items)}`];
    const labels: string[] = [];
    const victim = r.pick(this.context.victims);
    if (r.chance(0.3)) {
      members.push(`"openid":${JSON.stringify(victim)}`);
      labels.push('forged-openid');
    }
    if (r.chance(0.1)) {
      members.push('"__proto__":{"polluted":"yes","openid":"x"}');
      labels.push('__proto__');
    }
    if (r.chance(0.1)) {
      members.push('"constructor":{"prototype":{"polluted":"yes"}}');
      labels.push('constructor');
    }
    if (r.chance(0.5)) members.reverse();
    const headers: Record<string, string> = {
      authorization: session.authorization,
      'content-type': r.pick(JSON_TYPES),
    };
    if (r.chance(0.1)) headers['x-openid'] = victim;
    const query = r.chance(0.1) ? `?openid=${encodeURIComponent(victim)}` : '';
    return {
      kind: 'valid',
      label: ['valid', ...labels].join('+'),
      user,
      items,
      http: {
        method: 'POST',
        path: `/formids${query}`,
        headers,
        body: Buffer.from(jsonObject(members)),
        chunked: r.chance(0.1),
      },
    };
  }

  private item(user: number): CollectItem {
    const r = this.context.random;
    const { now } = this.context;
    const fresh = (createdAt: number) => ({ formId: this.freshId(user), createdAt });
    const kind = r.weighted({
      fresh: 60,
      duplicate: 10,
      otherUsers: 4,
      mock: 5,
      empty: 3,
      tooLong: 4,
      control: 4,
      expired: 5,
      future: 5,
    });
    const recent = now - r.int(0, 6 * DAY);
    switch (kind) {
      case 'duplicate': {
        const known = this.sent[user] as string[];
        return known.length > 0 ? { formId: r.pick(known), createdAt: recent } : fresh(recent);
      }
      case 'otherUsers': {
        const known = r.pick(this.sent);
        return known.length > 0 ? this.remember(user, r.pick(known), recent) : fresh(recent);
      }
      case 'mock':
        return {
          formId: r.pick([
            MOCK_FORM_ID,
            UNAVAILABLE_FORM_ID,
            `${FAILED_FORM_ID_PREFIX} ${r.hex(6)}`,
          ]),
          createdAt: recent,
        };
      case 'empty':
        return { formId: r.pick(['', ' ', '\t \t']), createdAt: recent };
      case 'tooLong':
        return { formId: r.hex(r.int(FORM_ID_MAX_LENGTH + 1, 400)), createdAt: recent };
      case 'control':
        return {
          formId: `${r.hex(8)}${r.pick(['\u0000', '\n', '\u007f', '\u0085', '\u2028'])}${r.hex(8)}`,
          createdAt: recent,
        };
      case 'expired':
        return fresh(now - 7 * DAY - r.int(HOUR, 30 * DAY));
      case 'future':
        return fresh(now + r.int(HOUR, 30 * DAY));
      default:
        return fresh(recent);
    }
  }

  /** A storable formId this user has not sent yet, or a known one once the user is at the cap. */
  private freshId(user: number): string {
    const r = this.context.random;
    const storable = this.storable[user] as Set<string>;
    if (storable.size >= this.maxStorablePerUser) return r.pick([...storable]);
    let id: string;
    do {
      id = r.pick([
        () => r.hex(32),
        () => r.hex(32),
        () => r.hex(32),
        () => `${r.pick(TRICKY_NAMES)}${r.chance(0.5) ? '' : r.hex(4)}`,
        () => `表单-${r.hex(8)}`,
        () => `form id ${r.hex(8)}`,
        () => `{${r.hex(6)}}`,
        () => r.text(),
      ])();
    } while (validateFormId(id) !== null || id.startsWith(HOSTILE_ID_PREFIX));
    return this.remember(user, id, 0).formId;
  }

  private remember(user: number, formId: string, createdAt: number): CollectItem {
    const storable = this.storable[user] as Set<string>;
    if (!storable.has(formId) && storable.size >= this.maxStorablePerUser) {
      return { formId: MOCK_FORM_ID, createdAt };
    }
    storable.add(formId);
    (this.sent[user] as string[]).push(formId);
    return { formId, createdAt };
  }
}
