import { defineSubscribeTemplate } from '@wxtpl/shared-types';
import {
  clientFor,
  openRedisStore,
  type RedisTestStore,
  startTestEmulator,
  type TestEmulator,
} from '@wxtpl/testkit';
import { afterAll, beforeAll } from 'vitest';
import type { Campaigns } from '../../src/campaigns/index.js';
import type { CampaignStatus } from '../../src/campaigns/types.js';
import type { WeChatClient } from '../../src/client/index.js';
import { Notifier } from '../../src/notify/index.js';
import { CreditPool } from '../../src/pool/index.js';

/** A subscribe template composed in the emulator's account, and its definition. */
export async function reminderTemplate(emu: TestEmulator) {
  const client = clientFor(emu);
  const { priTmplId } = await client.subscribe.templates.add(99, [1, 2, 3]);
  await client.close();
  return defineSubscribeTemplate({
    id: priTmplId,
    title: '订单支付成功通知',
    keywords: { product: 'thing1', amount: 'amount2', paidAt: 'time3' },
  });
}

export const REMINDER_DATA = { product: '开售提醒', amount: '¥9.90', paidAt: '2026-11-30 20:00' };

/**
 * `holders` users holding `acceptances` acceptances each (in WeChat and in the pool), and
 * `others` users WeChat knows who accepted nothing.
 */
export async function seedAudience(
  emu: TestEmulator,
  pool: CreditPool,
  templateId: string,
  options: { label: string; holders: number; others?: number; acceptances?: number },
): Promise<{ holders: string[]; others: string[] }> {
  const holders = Array.from({ length: options.holders }, (_, i) => `o-${options.label}-${i}`);
  const others = Array.from({ length: options.others ?? 0 }, (_, i) => `o-${options.label}-x${i}`);
  const count = options.acceptances ?? 1;
  const seedOne = async (openid: string, holds: boolean) => {
    await emu.control.login({ appId: emu.appId, openid });
    if (!holds) return;
    await emu.control.grantSubscription({ appId: emu.appId, openid, templateId, count });
    for (let i = 0; i < count; i++) await pool.acceptSubscriptions(openid, [templateId]);
  };
  const all = [
    ...holders.map((o) => [o, true] as const),
    ...others.map((o) => [o, false] as const),
  ];
  for (let i = 0; i < all.length; i += 50) {
    await Promise.all(all.slice(i, i + 50).map(([openid, holds]) => seedOne(openid, holds)));
  }
  return { holders, others };
}

/** A new {@link reminderTemplate} and `holders` users who accepted it once ({@link seedAudience}). */
export async function reminderAudience(
  stack: Pick<NotifyStack, 'emu' | 'pool'>,
  label: string,
  holders: number,
) {
  const template = await reminderTemplate(stack.emu);
  const audience = await seedAudience(stack.emu, stack.pool, template.id, { label, holders });
  return { template, holders: audience.holders };
}

/** Polls the status until `until` holds (bounded). */
export async function waitForStatus(
  campaigns: Campaigns,
  id: string,
  until: (status: CampaignStatus) => boolean,
  timeoutMs = 60_000,
): Promise<CampaignStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await campaigns.status(id);
    if (until(status)) return status;
    if (Date.now() > deadline) {
      throw new Error(`campaign ${id} still ${JSON.stringify(status)} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Messages per user in the emulator's inbox for the app. */
export async function inboxCounts(emu: TestEmulator): Promise<Map<string, number>> {
  const messages = await emu.control.inbox({ appId: emu.appId, kind: 'subscribe' });
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.touser, (counts.get(m.touser) ?? 0) + 1);
  return counts;
}

/** What {@link useNotifyStack} provides; read its fields inside tests, once the hooks have run. */
export interface NotifyStack {
  emu: TestEmulator;
  redis: RedisTestStore;
  client: WeChatClient;
  pool: CreditPool;
  notifier: Notifier;
}

/**
 * For a file's tests: an emulator (any page), a Redis store under a prefix of `label`, and the
 * client, pool and Notifier over them; closed after the file.
 */
export function useNotifyStack(label: string): NotifyStack {
  const stack = {} as NotifyStack;
  beforeAll(async () => {
    stack.emu = await startTestEmulator({ pages: null });
    stack.redis = await openRedisStore(label);
    stack.client = clientFor(stack.emu);
    stack.pool = new CreditPool({ store: stack.redis.store, appId: stack.emu.appId });
    stack.notifier = new Notifier({ client: stack.client, pool: stack.pool });
  }, 120_000);
  afterAll(async () => {
    await stack.client?.close();
    await stack.emu?.close();
    await stack.redis?.close();
  });
  return stack;
}
