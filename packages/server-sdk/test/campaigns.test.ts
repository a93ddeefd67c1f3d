import {
  clientFor,
  openRedisStore,
  type RedisTestStore,
  startTestEmulator,
  type TestEmulator,
} from '@wxtpl/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Campaigns } from '../src/campaigns/index.js';
import type { WeChatClient } from '../src/client/index.js';
import { Notifier } from '../src/notify/index.js';
import { CreditPool } from '../src/pool/index.js';
import {
  inboxCounts,
  REMINDER_DATA,
  reminderTemplate,
  seedAudience,
  waitForStatus,
} from './helpers/campaign.js';

describe('campaigns on real Redis against the emulator', () => {
  let emu: TestEmulator;
  let redis: RedisTestStore;
  let client: WeChatClient;
  let pool: CreditPool;
  let notifier: Notifier;
  const opened: Campaigns[] = [];

  const campaignsFor = (options: { quotaResetAt?: (now: number) => number } = {}) => {
    const campaigns = new Campaigns({
      redis: redis.url,
      pool,
      notifier,
      prefix: redis.prefix,
      batchSize: 20,
      ...options,
    });
    opened.push(campaigns);
    return campaigns;
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ pages: null });
    redis = await openRedisStore('campaigns');
    client = clientFor(emu);
    pool = new CreditPool({ store: redis.store, appId: emu.appId });
    notifier = new Notifier({ client, pool });
  }, 120_000);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await client?.close();
    await emu?.close();
    await redis?.close();
  });

  it('reaches every holder once with two workers, skips users without an acceptance', async () => {
    const template = await reminderTemplate(emu);
    const { holders, others } = await seedAudience(emu, pool, template.id, {
      label: 'two',
      holders: 120,
      others: 0,
    });
    // Users who accepted once and spent it: the index still lists some until a take prunes them.
    const explicit = [...holders.slice(0, 10), 'o-two-none-1', 'o-two-none-2'];
    for (const openid of explicit.slice(-2)) await emu.control.login({ appId: emu.appId, openid });
    const starter = campaignsFor();
    const a = campaignsFor().work({ concurrency: 8 });
    const b = campaignsFor().work({ concurrency: 8 });
    const { id } = await starter.start({
      template,
      audience: { subscribedTo: template.id },
      data: REMINDER_DATA,
    });
    const status = await waitForStatus(starter, id, (s) => s.state === 'done');
    expect(status).toMatchObject({
      total: 120,
      delivered: 120,
      skipped: 0,
      failed: 0,
      byError: {},
    });
    const inbox = await inboxCounts(emu);
    expect(holders.every((o) => inbox.get(o) === 1)).toBe(true);
    expect(others).toEqual([]);
    // A second campaign to the same template finds nobody left: the index was pruned by the takes.
    const again = await starter.start({
      template,
      audience: { subscribedTo: template.id },
      data: REMINDER_DATA,
    });
    expect(await waitForStatus(starter, again.id, (s) => s.state === 'done')).toMatchObject({
      total: 0,
      delivered: 0,
    });
    // An explicit list: users without an acceptance are skipped, not failed.
    const list = await starter.start({
      template,
      audience: { openids: explicit },
      data: REMINDER_DATA,
    });
    expect(await waitForStatus(starter, list.id, (s) => s.state === 'done')).toMatchObject({
      total: 12,
      delivered: 0,
      skipped: 12,
      failed: 0,
    });
    await Promise.all([a.close(), b.close()]);
    const stats = await emu.stats();
    expect(stats.subscribeSends.failed['43101'] ?? 0).toBe(0);
  }, 120_000);
});
