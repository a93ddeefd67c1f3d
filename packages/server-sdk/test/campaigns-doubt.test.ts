import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { BullQueue } from '../src/campaigns/bullmq.js';
import { planCampaign, type SendJobData } from '../src/campaigns/planner.js';
import { CampaignRunner } from '../src/campaigns/runner.js';
import { type CampaignRedis, CampaignStore } from '../src/campaigns/store.js';
import {
  inboxCounts,
  REMINDER_DATA,
  reminderAudience,
  useNotifyStack,
} from './helpers/campaign.js';

/**
 * A batch whose lock lapsed (its worker starved, or Redis away for longer than the lock) is run by
 * a second worker while the first still runs it. Both meet the same users: the second finds the
 * first's takes under the campaign's key. Those are not in doubt while their worker lives.
 */
describe('one batch run by two live workers at once', () => {
  const s = useNotifyStack('campaign-doubt');
  const connections: Redis[] = [];
  afterAll(() => {
    for (const c of connections) c.disconnect();
  });

  const twoRuns = async (label: string, inDoubt: 'skip' | 'repeat') => {
    const { template, holders } = await reminderAudience(s, label, 60);
    const connection = new Redis(s.redis.url);
    connections.push(connection);
    const store = new CampaignStore(connection as unknown as CampaignRedis, s.redis.prefix, 5000);
    const id = `doubt${label}${Date.now().toString(36)}`;
    await store.create(id, {
      templateId: template.id,
      template: JSON.stringify(template),
      data: JSON.stringify(REMINDER_DATA),
      page: '',
      rate: '0',
      audience: 'subscribedTo',
      audienceTemplate: template.id,
      state: 'running',
      planned: '0',
      cursor: '0',
      seq: '0',
    });
    // The planner's pages, run here as one batch.
    const openids: string[] = [];
    const queue = {
      async add(_name: string, data: unknown) {
        openids.push(...(data as SendJobData).openids);
      },
    } as unknown as BullQueue;
    await planCampaign(id, { store, pool: s.pool, queue, batchSize: 100 });
    const runner = () =>
      new CampaignRunner({
        store,
        notifier: s.notifier,
        pool: s.pool,
        concurrency: 4,
        dataFor: undefined,
        quotaResetAt: () => 0,
        inDoubt,
        graceMs: 1000,
      });
    const before = await s.emu.control.stats();
    // The second run starts while the first is a few users in.
    await Promise.all([
      runner().runBatch(id, openids, true),
      new Promise((resolve) => setTimeout(resolve, 30)).then(() =>
        runner().runBatch(id, openids, false),
      ),
    ]);
    const after = await s.emu.control.stats();
    const refused =
      (after.subscribeSends.failed['43101'] ?? 0) - (before.subscribeSends.failed['43101'] ?? 0);
    const { counts } = await store.read(id);
    const inbox = await inboxCounts(s.emu);
    return { holders, refused, counts, inbox };
  };

  it.each(['skip', 'repeat'] as const)(
    'inDoubt: %s → each user delivered once, none counted in doubt, no 43101',
    async (inDoubt) => {
      const { holders, refused, counts, inbox } = await twoRuns(inDoubt, inDoubt);
      expect(holders.every((openid) => inbox.get(openid) === 1)).toBe(true);
      expect(counts.delivered).toBe('60');
      expect(counts.inDoubt).toBeUndefined();
      expect(refused).toBe(0);
    },
    60_000,
  );
});
