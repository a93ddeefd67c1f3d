import { InvalidArgumentError, TemplateDataError } from '@wxtpl/shared-types';
import { afterEach, describe, expect, it } from 'vitest';
import { Campaigns } from '../src/campaigns/index.js';
import {
  inboxCounts,
  REMINDER_DATA,
  reminderAudience,
  reminderTemplate,
  seedAudience,
  useNotifyStack,
  waitForStatus,
} from './helpers/campaign.js';

describe('campaigns on real Redis against the emulator', () => {
  const s = useNotifyStack('campaigns');
  const opened: Campaigns[] = [];

  const campaignsFor = (options: { quotaResetAt?: (now: number) => number } = {}) => {
    const campaigns = new Campaigns({
      redis: s.redis.url,
      pool: s.pool,
      notifier: s.notifier,
      prefix: s.redis.prefix,
      batchSize: 20,
      ...options,
    });
    opened.push(campaigns);
    return campaigns;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });

  /** Two workers of `concurrency` each; the first starts the reminder to the template's holders. */
  const startOnTwoWorkers = async (
    template: Awaited<ReturnType<typeof reminderTemplate>>,
    concurrency: number,
    extra: { ratePerSecond?: number } = {},
  ) => {
    const campaigns = campaignsFor();
    campaigns.work({ concurrency });
    campaignsFor().work({ concurrency });
    const { id } = await campaigns.start({
      template,
      audience: { subscribedTo: template.id },
      data: REMINDER_DATA,
      ...extra,
    });
    return { campaigns, id };
  };

  it('reaches every holder once with two workers, skips users without an acceptance', async () => {
    const template = await reminderTemplate(s.emu);
    const { holders, others } = await seedAudience(s.emu, s.pool, template.id, {
      label: 'two',
      holders: 120,
      others: 0,
    });
    // Users who accepted once and spent it: the index still lists some until a take prunes them.
    const explicit = [...holders.slice(0, 10), 'o-two-none-1', 'o-two-none-2'];
    for (const openid of explicit.slice(-2))
      await s.emu.control.login({ appId: s.emu.appId, openid });
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
    const inbox = await inboxCounts(s.emu);
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
    const stats = await s.emu.stats();
    expect(stats.subscribeSends.failed['43101'] ?? 0).toBe(0);
  }, 120_000);

  it('cancel stops further sends; what was sent is what the status counts', async () => {
    const { template, holders } = await reminderAudience(s, 'cancel', 150);
    const campaigns = campaignsFor();
    campaigns.work({ concurrency: 4 });
    const { id } = await campaigns.start({
      template,
      audience: { subscribedTo: template.id },
      data: REMINDER_DATA,
      ratePerSecond: 50,
    });
    await waitForStatus(campaigns, id, (s) => s.delivered >= 20);
    expect(await campaigns.cancel(id)).toBe(true);
    expect(await campaigns.cancel(id)).toBe(false);
    const atCancel = await campaigns.status(id);
    expect(atCancel.state).toBe('cancelled');
    await new Promise((resolve) => setTimeout(resolve, 800));
    const after = await campaigns.status(id);
    // Only the sends already past the gate (concurrency 4) may land after the cancel, and those
    // sent but still waiting to be recorded (outcomes linger up to 25 ms for company: 2 at 50/s).
    expect(after.delivered - atCancel.delivered).toBeLessThanOrEqual(4 + 2);
    expect(after.delivered).toBeLessThan(100);
    const inbox = await inboxCounts(s.emu);
    const reached = holders.filter((o) => inbox.has(o));
    expect(reached).toHaveLength(after.delivered);
    expect(reached.every((o) => inbox.get(o) === 1)).toBe(true);
  }, 60_000);

  it('45009 parks the campaign until the quota resets; resume continues where it stopped', async () => {
    const { template, holders } = await reminderAudience(s, 'park', 80);
    const before = await s.emu.stats();
    const used = before.sends.ok + before.subscribeSends.ok;
    await s.emu.setDailyLimit(used + 30);
    const resetAt = Date.now() + 3_600_000;
    const campaigns = campaignsFor({ quotaResetAt: () => resetAt });
    campaigns.work({ concurrency: 6 });
    const { id } = await campaigns.start({
      template,
      audience: { subscribedTo: template.id },
      data: REMINDER_DATA,
    });
    const parked = await waitForStatus(campaigns, id, (s) => s.state === 'parked');
    expect(parked.resumeAt).toBe(resetAt);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const still = await campaigns.status(id);
    expect(still).toMatchObject({ state: 'parked', delivered: 30, failed: 0 });
    // Parked, not burning attempts: only the sends in flight when the quota ran out met 45009.
    const refused = (await s.emu.stats()).subscribeSends.failed['45009'] ?? 0;
    expect(refused).toBeGreaterThanOrEqual(1);
    expect(refused).toBeLessThanOrEqual(6);
    await s.emu.setDailyLimit(1_000_000);
    expect(await campaigns.resume(id)).toBe(true);
    const done = await waitForStatus(campaigns, id, (s) => s.state === 'done');
    expect(done).toMatchObject({ total: 80, delivered: 80, skipped: 0, failed: 0 });
    const inbox = await inboxCounts(s.emu);
    expect(holders.every((o) => inbox.get(o) === 1)).toBe(true);
  }, 60_000);

  it('backs off when WeChat pushes back (-1 beyond its rate) and still delivers everyone once', async () => {
    const { template, holders } = await reminderAudience(s, 'busy', 150);
    await s.emu.control.setSendRate({ appId: s.emu.appId, perSecond: 60, errcode: -1 });
    try {
      const { campaigns, id } = await startOnTwoWorkers(template, 12);
      const done = await waitForStatus(campaigns, id, (s) => s.state === 'done');
      expect(done).toMatchObject({ total: 150, delivered: 150, failed: 0, skipped: 0 });
      expect((await s.emu.stats()).subscribeSends.failed['-1'] ?? 0).toBeGreaterThan(0);
      const inbox = await inboxCounts(s.emu);
      expect(holders.every((o) => inbox.get(o) === 1)).toBe(true);
    } finally {
      await s.emu.control.setSendRate({ appId: s.emu.appId, perSecond: null });
    }
  }, 60_000);

  it('checks the message once at start, and tailors data per user with dataFor', async () => {
    const template = await reminderTemplate(s.emu);
    const campaigns = campaignsFor();
    await expect(
      campaigns.start({
        template,
        audience: { subscribedTo: template.id },
        data: { ...REMINDER_DATA, product: '一个超过二十个字符的商品名称一个超过二十个字符' },
      }),
    ).rejects.toBeInstanceOf(TemplateDataError);
    await expect(
      campaigns.start({ template, audience: { openids: ['a b'] }, data: REMINDER_DATA }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    const { holders } = await seedAudience(s.emu, s.pool, template.id, {
      label: 'data',
      holders: 12,
    });
    campaigns.work({
      concurrency: 4,
      dataFor: (openid, campaign) => {
        if (openid.endsWith('-3')) throw new Error('no such user in our database');
        return { ...campaign.data, product: `给 ${openid.slice(-6)}` };
      },
    });
    const { id } = await campaigns.start({
      template,
      audience: { subscribedTo: template.id },
      data: REMINDER_DATA,
    });
    const done = await waitForStatus(campaigns, id, (s) => s.state === 'done');
    expect(done).toMatchObject({ total: 12, delivered: 11, failed: 1, byError: { DATA: 1 } });
    const messages = await s.emu.control.inbox({ appId: s.emu.appId, kind: 'subscribe' });
    const mine = messages.filter((m) => holders.includes(m.touser));
    expect(mine).toHaveLength(11);
    expect(mine.every((m) => m.keywords[0]?.value === `给 ${m.touser.slice(-6)}`)).toBe(true);
  }, 60_000);

  it('holds ratePerSecond across two workers', async () => {
    const { template, holders } = await reminderAudience(s, 'rate', 151);
    const { campaigns, id } = await startOnTwoWorkers(template, 10, { ratePerSecond: 50 });
    await waitForStatus(campaigns, id, (s) => s.state === 'done');
    const messages = (await s.emu.control.inbox({ appId: s.emu.appId, kind: 'subscribe' })).filter(
      (m) => holders.includes(m.touser),
    );
    expect(messages).toHaveLength(151);
    const times = messages.map((m) => m.receivedAt).sort((a, b) => a - b);
    const rate = 150 / (((times.at(-1) as number) - (times[0] as number)) / 1000);
    expect(rate).toBeGreaterThan(45);
    expect(rate).toBeLessThan(55);
  }, 60_000);
});
