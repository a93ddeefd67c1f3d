import { openRedisStore, type RedisTestStore } from '@wxtpl/testkit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BullQueue } from '../src/campaigns/bullmq.js';
import { planCampaign, type SendJobData } from '../src/campaigns/planner.js';
import { CampaignRunner } from '../src/campaigns/runner.js';
import { type CampaignRedis, CampaignStore } from '../src/campaigns/store.js';
import { CreditPool } from '../src/pool/index.js';

const APP = 'wxplanner';
const T = 'tplPlannerAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1';

/** A queue that keeps jobs by id (a repeated id is ignored, as BullMQ does) and can die. */
function fakeQueue(jobs = new Map<string, SendJobData>(), dieAfter = Number.POSITIVE_INFINITY) {
  let adds = 0;
  const queue = {
    async add(_name: string, data: unknown, options?: { jobId?: string }) {
      if (adds++ >= dieAfter) throw new Error('worker killed');
      const id = options?.jobId as string;
      if (!jobs.has(id)) jobs.set(id, data as SendJobData);
    },
  } as unknown as BullQueue;
  return { queue, jobs };
}

describe('the campaign planner', () => {
  let redis: RedisTestStore;
  let client: Redis;
  let store: CampaignStore;
  let pool: CreditPool;

  beforeAll(async () => {
    redis = await openRedisStore('campaigns-planner');
    client = new Redis(redis.url);
    store = new CampaignStore(client as unknown as CampaignRedis, redis.prefix, 5000);
    pool = new CreditPool({ store: redis.store, appId: APP });
    for (let i = 0; i < 250; i++) await pool.acceptSubscriptions(`p${i}`, [T]);
  });
  afterAll(async () => {
    client?.disconnect();
    await redis?.close();
  });

  const create = async (id: string, openids?: string[]) => {
    await store.create(
      id,
      {
        templateId: T,
        audience: openids === undefined ? 'subscribedTo' : 'openids',
        audienceTemplate: openids === undefined ? T : '',
        state: 'running',
        planned: '0',
        cursor: '0',
        seq: '0',
      },
      openids,
    );
  };

  it.each([
    ['the pool index', undefined],
    ['a stored list with repeats', [...Array.from({ length: 250 }, (_, i) => `p${i}`), 'p1', 'p2']],
  ] as const)('resumes from its cursor after dying mid-stream: %s', async (_label, list) => {
    const id = list === undefined ? 'plannerindex' : 'plannerlist';
    await create(id, list === undefined ? undefined : [...list]);
    const { queue, jobs } = fakeQueue(new Map(), 3);
    await expect(planCampaign(id, { store, pool, queue, batchSize: 20 })).rejects.toThrow(
      'worker killed',
    );
    const partial = await store.read(id);
    expect(partial.meta.planned).toBe('0');
    expect(partial.total).toBeGreaterThanOrEqual(40);
    // Another worker takes the planner job over: the same queue, the cursor where it stopped.
    const again = fakeQueue(jobs);
    await planCampaign(id, { store, pool, queue: again.queue, batchSize: 20 });
    const { meta, total } = await store.read(id);
    expect(meta.planned).toBe('1');
    expect(total).toBe(250);
    const planned = [...jobs.values()].flatMap((job) => job.openids);
    expect(new Set(planned).size).toBe(250);
    // Planned once more (a planner job retried after it finished): nothing changes.
    await planCampaign(id, { store, pool, queue: again.queue, batchSize: 20 });
    expect((await store.read(id)).total).toBe(250);
  });

  it('fails the unsettled users of a batch out of attempts, so the campaign still ends', async () => {
    const id = 'plannergaveup';
    const openids = ['g1', 'g2', 'g3'];
    await create(id, openids);
    await planCampaign(id, { store, pool, queue: fakeQueue().queue, batchSize: 20 });
    await store.record(id, 'g1', 'd');
    const runner = new CampaignRunner({
      store,
      pool,
      notifier: {} as never,
      concurrency: 1,
      dataFor: undefined,
      quotaResetAt: () => 0,
      inDoubt: 'skip',
    });
    await runner.giveUp({ campaign: id, openids }, new Error('Redis away'));
    const { meta, counts } = await store.read(id);
    expect(meta.state).toBe('done');
    expect(counts).toMatchObject({ delivered: '1', failed: '2', 'e:GAVE_UP': '2' });
  });
});
