import { describe, expect, it } from 'vitest';
import { AlreadyAttemptedError, NoCreditError } from '../src/notify/index.js';
import {
  inboxCounts,
  REMINDER_DATA,
  reminderAudience,
  useNotifyStack,
} from './helpers/campaign.js';

describe('notify under an idempotency key', () => {
  const s = useNotifyStack('notify-idempotency');

  it('never sends twice under one key; repeats only where WeChat can confirm the first send', async () => {
    const { template, holders } = await reminderAudience(s, 'idem', 3);
    const [sent, cut, many] = holders as [string, string, string];
    await s.pool.acceptSubscriptions(many, [template.id]);
    await s.emu.control.grantSubscription({
      appId: s.emu.appId,
      openid: many,
      templateId: template.id,
    });
    const notify = (openid: string, key: string, inDoubt?: 'reject' | 'repeat') =>
      s.notifier.notify({
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
    await s.pool.take(cut, { templateId: template.id, takeId: 'k-cut' });
    await expect(notify(cut, 'k-cut')).rejects.toBeInstanceOf(AlreadyAttemptedError);
    await expect(notify(cut, 'k-cut', 'repeat')).resolves.toMatchObject({ attempts: 1 });
    // A user with another acceptance could get a second message: never repeated.
    await notify(many, 'k-many');
    await expect(notify(many, 'k-many', 'repeat')).rejects.toBeInstanceOf(AlreadyAttemptedError);
    // A new key is a new message.
    await expect(notify(sent, 'k-other')).rejects.toBeInstanceOf(NoCreditError);

    const inbox = await inboxCounts(s.emu);
    expect([inbox.get(sent), inbox.get(cut), inbox.get(many)]).toEqual([1, 1, 1]);
    expect((await s.emu.stats()).subscribeSends.failed['43101']).toBe(1);
    expect(await s.pool.available(many, { templateId: template.id })).toBe(1);
  }, 60_000);
});
