import {
  clientFor,
  openRedisStore,
  type RedisTestStore,
  startTestEmulator,
  type TestEmulator,
} from '@wxtpl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeChatClient } from '../src/client/index.js';
import { AlreadyAttemptedError, NoCreditError, Notifier } from '../src/notify/index.js';
import { CreditPool } from '../src/pool/index.js';
import { inboxCounts, REMINDER_DATA, reminderTemplate, seedAudience } from './helpers/campaign.js';

describe('notify under an idempotency key', () => {
  let emu: TestEmulator;
  let redis: RedisTestStore;
  let client: WeChatClient;
  let pool: CreditPool;
  let notifier: Notifier;

  beforeAll(async () => {
    emu = await startTestEmulator({ pages: null });
    redis = await openRedisStore('notify-idempotency');
    client = clientFor(emu);
    pool = new CreditPool({ store: redis.store, appId: emu.appId });
    notifier = new Notifier({ client, pool });
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await emu?.close();
    await redis?.close();
  });

  it('never sends twice under one key; repeats only where WeChat can confirm the first send', async () => {
    const template = await reminderTemplate(emu);
    const [sent, cut, many] = (
      await seedAudience(emu, pool, template.id, { label: 'idem', holders: 3 })
    ).holders as [string, string, string];
    await pool.acceptSubscriptions(many, [template.id]);
    await emu.control.grantSubscription({
      appId: emu.appId,
      openid: many,
      templateId: template.id,
    });
    const notify = (openid: string, key: string, inDoubt?: 'reject' | 'repeat') =>
      notifier.notify({
        openid,
        template,
        data: REMINDER_DATA,
        idempotencyKey: key,
        ...(inDoubt === undefined ? {} : { inDoubt }),
      });

    // Delivered, then the same key again: nothing sent; with 'repeat', WeChat's 43101 confirms.
    await notify(sent, 'k-sent');
    await expect(notify(sent, 'k-sent')).rejects.toBeInstanceOf(AlreadyAttemptedError);
    await expect(notify(sent, 'k-sent', 'repeat')).resolves.toMatchObject({ attempts: 1 });
    // Taken and never sent (a process died in between): 'repeat' delivers it now.
    await pool.take(cut, { templateId: template.id, takeId: 'k-cut' });
    await expect(notify(cut, 'k-cut')).rejects.toBeInstanceOf(AlreadyAttemptedError);
    await expect(notify(cut, 'k-cut', 'repeat')).resolves.toMatchObject({ attempts: 1 });
    // A user with another acceptance could get a second message: never repeated.
    await notify(many, 'k-many');
    await expect(notify(many, 'k-many', 'repeat')).rejects.toBeInstanceOf(AlreadyAttemptedError);
    // A new key is a new message.
    await expect(notify(sent, 'k-other')).rejects.toBeInstanceOf(NoCreditError);

    const inbox = await inboxCounts(emu);
    expect([inbox.get(sent), inbox.get(cut), inbox.get(many)]).toEqual([1, 1, 1]);
    expect((await emu.stats()).subscribeSends.failed['43101']).toBe(1);
    expect(await pool.available(many, { templateId: template.id })).toBe(1);
  }, 60_000);
});
