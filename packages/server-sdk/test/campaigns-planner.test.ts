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

/**
 * A queue that keeps jobs by id (a repeated id is ignored, as BullMQ does) and can die: before its
 * add number `dieAfter` + 1, or right after add number `dieAfter` reached Redis.
 */
function fakeQueue(
  jobs = new Map<string, SendJobData>(),
  dieAfter = Number.POSITIVE_INFINITY,
  when: 'before' | 'after' = 'before',
) {
  let adds = 0;
  const queue = {
    async add(_name: string, data: unknown, options?: { jobId?: string }) {
      if (when === 'before' && adds >= dieAfter) throw new Error('worker killed');
      adds += 1;
      const id = options?.jobId as string;
      if (!jobs.has(id)) jobs.set(id, data as SendJobData);
      if (when === 'after' && adds >= dieAfter) throw new Error('worker killed');
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

  const create = async (id: string, openids?: string[], template = T) => {
    await store.create(
      id,
      {
        templateId: template,
        audience: openids === undefined ? 'subscribedTo' : 'openids',
        audienceTemplate: openids === undefined ? template : '',
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

  /** Every holder is in exactly one batch job, and the journal holds them all. */
  const expectEachQueuedOnce = async (
    id: string,
    holders: string[],
    jobs: Map<string, SendJobData>,
  ) => {
    const queued = [...jobs.values()].flatMap((job) => job.openids);
    expect(queued.length - new Set(queued).size).toBe(0);
    expect(new Set(queued)).toEqual(new Set(holders));
    const { meta, total } = await store.read(id);
    expect(meta.planned).toBe('1');
    expect(total).toBe(holders.length);
  };

  /** `count` users holding one acceptance of a template of their own. */
  const holdersOf = async (label: string, count: number) => {
    const template = `tplPlanner${label}`.padEnd(43, 'B');
    const holders = Array.from({ length: count }, (_, i) => `${label}${i}`);
    for (const openid of holders) await pool.acceptSubscriptions(openid, [template]);
    return { template, holders };
  };

  it('queues the page it staged, although takes pruned the index before it ran again', async () => {
    const { template, holders } = await holdersOf('pruned', 250);
    const id = 'plannerpruned';
    await create(id, undefined, template);
    // The second page's job reached the queue; the worker died before the planner moved on.
    const { queue, jobs } = fakeQueue(new Map(), 2, 'after');
    await expect(planCampaign(id, { store, pool, queue, batchSize: 100 })).rejects.toThrow(
      'worker killed',
    );
    // Meanwhile that job runs: its first 30 users spend their acceptance, leaving the index.
    for (const openid of (jobs.get(`${id}-1`) as SendJobData).openids.slice(0, 30)) {
      expect((await pool.take(openid, { templateId: template })).kind).toBe('credit');
    }
    const again = fakeQueue(jobs);
    await planCampaign(id, { store, pool, queue: again.queue, batchSize: 100 });
    await expectEachQueuedOnce(id, holders, jobs);
  });

  it('two planners at once (a stalled one still running beside its successor)', async () => {
    const { template, holders } = await holdersOf('twice', 430);
    const id = 'plannertwice';
    await create(id, undefined, template);
    const { queue, jobs } = fakeQueue();
    const deps = { store, pool, queue, batchSize: 50 };
    await Promise.all([planCampaign(id, deps), planCampaign(id, deps)]);
    await expectEachQueuedOnce(id, holders, jobs);
  });

  it('fails the unsettled users of a batch out of attempts, so the campaign still ends', async () => {
    const id = 'plannergaveup';
    const openids = ['g1', 'g2', 'g3'];
    await create(id, openids);
    await planCampaign(id, { store, pool, queue: fakeQueue().queue, batchSize: 20 });
    await store.record(id, [{ openid: 'g1', outcome: 'd' }]);
    const runner = new CampaignRunner({
      store,
      pool,
      notifier: {} as never,
      concurrency: 1,
      dataFor: undefined,
      quotaResetAt: () => 0,
      inDoubt: 'skip',
      graceMs: 1000,
    });
    await runner.giveUp({ campaign: id, openids }, new Error('Redis away'));
    const { meta, counts } = await store.read(id);
    expect(meta.state).toBe('done');
    expect(counts).toMatchObject({ delivered: '1', failed: '2', 'e:GAVE_UP': '2' });
  });

  it('records each outcome once, with its error key and in-doubt mark, in the counters', async () => {
    const id = 'plannerrecord';
    const openids = ['r1', 'r2', 'r3', 'r4', 'r5'];
    await create(id, openids);
    await planCampaign(id, { store, pool, queue: fakeQueue().queue, batchSize: 20 });
    const recorded = await store.record(id, [
      { openid: 'r1', outcome: 'd' },
      { openid: 'r2', outcome: 'd', inDoubt: true },
      { openid: 'r3', outcome: 'f', error: '43101' },
      { openid: 'r4', outcome: 'f', error: 'a:b!c', inDoubt: true },
      { openid: 'r1', outcome: 'f', error: 'AGAIN' },
    ]);
    expect(recorded).toBe(4);
    expect(await store.record(id, [{ openid: 'r2', outcome: 's' }])).toBe(0);
    let status = await store.read(id);
    expect(status.meta.state).toBe('running');
    expect(status.counts).toEqual({
      delivered: '2',
      failed: '2',
      inDoubt: '2',
      'e:43101': '1',
      'e:a:b!c': '1',
    });
    expect([...(await store.settled(id, openids))]).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(await store.record(id, [{ openid: 'r5', outcome: 's', error: '' }])).toBe(1);
    status = await store.read(id);
    expect(status.meta.state).toBe('done');
    expect(status.counts).toMatchObject({ skipped: '1' });
  });

  it('stages and records pages of thousands of users, each once however often listed', async () => {
    const id = 'plannerlarge';
    const distinct = Array.from({ length: 2400 }, (_, i) => `L${i}`);
    const openids = [...distinct, ...distinct.slice(0, 100)];
    await create(id, openids);
    const { queue, jobs } = fakeQueue();
    await planCampaign(id, { store, pool, queue, batchSize: 3000 });
    expect([...jobs.values()].map((job) => job.openids.length)).toEqual([2500]);
    expect((await store.read(id)).total).toBe(2400);
    const entries = openids.map((openid) => ({ openid, outcome: 'd' as const }));
    expect(await store.record(id, entries)).toBe(2400);
    const { meta, counts } = await store.read(id);
    expect(meta.state).toBe('done');
    expect(counts).toEqual({ delivered: '2400' });
  });
});
