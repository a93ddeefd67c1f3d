import { randomUUID } from 'node:crypto';
import { CreditPool, createCollectHandler } from '@wxtpl/server-sdk';
import { usePrivateRedisStore } from '@wxtpl/testkit/hooks';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';

const APP = 'wxflood';
const UPLOADS = 1_000;
const IDS_PER_UPLOAD = 100;
/** The documented bound of one user's data (packages/server-sdk/README.md). */
const USER_CAP_BYTES = 200 * 1024;

/** Bytes Redis uses for every key of one user (MEMORY USAGE, all samples). */
async function userBytes(redis: Redis, prefix: string, openid: string): Promise<number> {
  const keys = await redis.keys(`${prefix}c:{${APP.length}:${APP}:${openid}}:*`);
  let total = 0;
  for (const key of keys) total += Number(await redis.memory('USAGE', key, 'SAMPLES', 0));
  return total;
}

describe('one signed-in user floods the collect endpoint', () => {
  const fixture = usePrivateRedisStore({ prefix: 'flood:' });

  const upload = (handler: ReturnType<typeof createCollectHandler>, ids: string[]) =>
    handler(
      new Request('https://app.example/formids', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: ids.map((formId) => ({ formId, createdAt: Date.now() })) }),
      }),
    );

  it('keeps the flooder under the documented cap and the victim untouched', async () => {
    const victimPool = new CreditPool({ store: fixture.store, appId: APP });
    await victimPool.ingest(
      'victim',
      ['v-1', 'v-2', 'v-3', 'v-4', 'v-5'].map((formId) => ({ formId })),
    );

    // The default pool: the upload limit answers most of the flood 429.
    const limited = createCollectHandler({
      pool: new CreditPool({ store: fixture.store, appId: APP }),
      resolveOpenid: () => 'flooder',
    });
    const statuses: Record<number, number> = {};
    for (let i = 0; i < 100; i++) {
      const response = await upload(
        limited,
        Array.from({ length: IDS_PER_UPLOAD }, () => randomUUID()),
      );
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      await response.body?.cancel();
    }
    expect(statuses[200]).toBe(30);
    expect(statuses[429]).toBe(70);

    // Without the upload limit, the storage bounds alone hold: 1,000 uploads of 100 fresh ids.
    const unlimited = createCollectHandler({
      pool: new CreditPool({ store: fixture.store, appId: APP, uploadLimit: false }),
      resolveOpenid: () => 'flooder',
    });
    for (let i = 0; i < UPLOADS; i++) {
      const response = await upload(
        unlimited,
        Array.from({ length: IDS_PER_UPLOAD }, () => randomUUID()),
      );
      expect(response.status).toBe(200);
      await response.body?.cancel();
    }
    const flooder = await userBytes(fixture.inspector, 'flood:', 'flooder');
    const victim = await userBytes(fixture.inspector, 'flood:', 'victim');
    const used = Number(/used_memory:(\d+)/.exec(await fixture.inspector.info('memory'))?.[1]);
    console.log(
      `flood: ${UPLOADS * IDS_PER_UPLOAD + 3_000} ids uploaded by one user → ${flooder} bytes for that user (cap ${USER_CAP_BYTES}), victim ${victim} bytes, Redis used_memory ${used} bytes`,
    );
    expect(flooder).toBeLessThan(USER_CAP_BYTES);
    expect(await victimPool.available('victim')).toBe(5);
    expect(await victimPool.available('flooder')).toBe(100);

    // Forged acceptances of made-up templates are bounded as well.
    const pool = new CreditPool({ store: fixture.store, appId: APP, uploadLimit: false });
    for (let i = 0; i < 200; i++) {
      await pool.acceptSubscriptions('flooder', [`tpl-${i % 50}`], { reportId: `r-${i}` });
    }
    const credits = await pool.credits('flooder');
    const acceptances = credits.filter((c) => c.source === 'subscription');
    expect(new Set(acceptances.map((c) => c.templateId)).size).toBe(20);
    expect(await userBytes(fixture.inspector, 'flood:', 'flooder')).toBeLessThan(USER_CAP_BYTES);
  });
});
