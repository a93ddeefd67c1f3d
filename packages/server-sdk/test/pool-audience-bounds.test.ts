import { redisKeys } from '@wxtpl/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { CreditPool } from '../src/pool/index.js';
import { createMemoryStore, createRedisStore, type Store } from '../src/store/index.js';

// Red-team finding: the per-template audience index was written for every reported template,
// before the user's caps were checked, so one signed-in user could add index entries (on Redis,
// whole new keys in other hash slots, with no expiry) for any number of made-up templates, while
// the user's own keys stayed under their documented bound.
const APP = 'wxaudience000001';
const FORGED = Array.from({ length: 100 }, (_, i) => `forged-template-${i}`);

async function flood(pool: CreditPool) {
  for (let i = 0; i < FORGED.length; i += 3) {
    await pool.acceptSubscriptions('o-flood', FORGED.slice(i, i + 3), { reportId: `r${i}` });
  }
}

async function audiencesHolding(pool: CreditPool, openid: string): Promise<number> {
  let holding = 0;
  for (const templateId of FORGED) {
    for await (const page of pool.audience(templateId)) {
      if (page.includes(openid)) holding++;
    }
  }
  return holding;
}

describe('one user cannot grow the audience index past maxTemplatesPerUser', () => {
  const keys = redisKeys('attack-audience');
  afterAll(() => keys.cleanup());

  const stores: [string, () => { store: Store; prefix?: string }][] = [
    ['memory', () => ({ store: createMemoryStore() })],
    [
      'Redis',
      () => {
        const prefix = keys.prefix();
        return { store: createRedisStore(keys.redis, { prefix }), prefix };
      },
    ],
  ];
  it.each(stores)('%s store', async (_name, makeStore) => {
    const { store, prefix } = makeStore();
    const pool = new CreditPool({ store, appId: APP, uploadLimit: false });
    await flood(pool);
    expect(pool.limits.maxTemplates).toBe(20);
    expect(await audiencesHolding(pool, 'o-flood')).toBe(20);
    if (prefix !== undefined) {
      // One index key per template (16 shards, one user): at most maxTemplatesPerUser of them.
      expect((await keys.redis.keys(`${prefix}aud:*`)).length).toBe(20);
    }
  });
});
