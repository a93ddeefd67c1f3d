// POST /admin/campaigns against the emulator: every user holding an acceptance of 预约提醒 is
// reminded once by the worker the server runs in its own process; the admin routes are guarded.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, REMINDER, startCampaignStack, usersWhoAccepted } from './campaign-support.js';
import { type Answer, startTestStack, type TestStack } from './helpers.js';

let stack: TestStack;
let admin: Record<string, string>;
beforeAll(async () => {
  stack = await startCampaignStack();
  admin = { 'x-admin-token': stack.config.adminToken };
});
afterAll(() => stack?.close());

/** Polls the status until `state` is `done` (at most `ms`). */
async function untilDone(id: string, ms = 20_000): Promise<Answer> {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await stack.get(`/admin/campaigns/${id}`, admin);
    if (answer.body.state === 'done' || Date.now() > deadline) return answer;
    await sleep(100);
  }
}

/** Waits until `check` holds (at most 10 s). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error('timed out');
}

describe('campaigns of the example server (Redis)', () => {
  it('reminds every user holding an acceptance of 预约提醒 once, and nobody else', async () => {
    const reminder = stack.server.notices.subscribeIds.bookingReminder as string;
    const shipped = stack.server.notices.subscribeIds.orderShippedNotice as string;
    const accepted = await usersWhoAccepted(stack, reminder, 12);
    // Someone who accepted another template only is not in the audience.
    const [other] = await usersWhoAccepted(stack, shipped, 1);
    // Someone who accepted, then switched the template off in the settings: the push revoked the
    // acceptance, and with it their place in the audience.
    const [revoked] = await usersWhoAccepted(stack, reminder, 1);
    const pushes = (await stack.emulator.control.pushes()).length;
    await stack.emulator.control.changeSubscription({
      openid: revoked as string,
      templateId: reminder,
    });
    await until(async () => {
      const all = await stack.emulator.control.pushes();
      return all.length > pushes && all.every((p) => p.state !== 'pending');
    });

    const started = await stack.post(
      '/admin/campaigns',
      { template: 'bookingReminder', data: REMINDER, page: 'pages/booking/index' },
      admin,
    );
    expect(started.status).toBe(201);
    expect(started.body.id).toMatch(/^[0-9a-z]+$/);

    const done = await untilDone(started.body.id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      id: started.body.id,
      state: 'done',
      total: 12,
      delivered: 12,
      skipped: 0,
      failed: 0,
      planned: true,
      templateId: reminder,
    });
    for (const openid of accepted) {
      const messages = await inbox(stack, openid);
      expect(messages.map((m) => m.template_id)).toEqual([reminder]);
      expect(Object.values(messages[0]?.data ?? {}).map((v) => v.value)).toEqual(
        Object.values(REMINDER),
      );
    }
    expect(await inbox(stack, other as string)).toEqual([]);
    expect(await inbox(stack, revoked as string)).toEqual([]);
    // Each acceptance was spent: a second campaign finds nobody.
    const again = await stack.post(
      '/admin/campaigns',
      { template: 'bookingReminder', data: REMINDER },
      admin,
    );
    expect((await untilDone(again.body.id)).body).toMatchObject({ state: 'done', total: 0 });
    expect((await inbox(stack, accepted[0] as string)).length).toBe(1);
  });

  it('cancels a campaign: nothing more is sent', async () => {
    const reminder = stack.server.notices.subscribeIds.bookingReminder as string;
    const users = await usersWhoAccepted(stack, reminder, 8);
    const told = async () =>
      (await Promise.all(users.map((openid) => inbox(stack, openid)))).flat().length;
    const started = await stack.post(
      '/admin/campaigns',
      { template: 'bookingReminder', data: REMINDER, ratePerSecond: 2 },
      admin,
    );
    // Let it send a little at 2 a second, then cancel.
    await until(async () => (await told()) >= 1);
    const cancelled = await stack.post(`/admin/campaigns/${started.body.id}/cancel`, {}, admin);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ cancelled: true, status: { state: 'cancelled' } });
    // The sends in flight finish (a slot is booked at most 1 s ahead), then nothing: at 2 a
    // second a campaign still running would send 3 more in the next 1.5 s.
    await sleep(1200);
    const settled = await told();
    await sleep(1500);
    expect(await told()).toBe(settled);
    expect(settled).toBeLessThan(users.length);
    const after = await stack.get(`/admin/campaigns/${started.body.id}`, admin);
    expect(after.body).toMatchObject({ state: 'cancelled', delivered: settled });
    expect((await stack.post('/admin/campaigns/abc123/cancel', {}, admin)).status).toBe(404);
  });

  it('guards the routes with x-admin-token and refuses what it cannot send', async () => {
    const body = { template: 'bookingReminder', data: REMINDER };
    expect((await stack.post('/admin/campaigns', body)).status).toBe(403);
    expect((await stack.post('/admin/campaigns', body, { 'x-admin-token': 'wrong' })).status).toBe(
      403,
    );
    expect((await stack.get('/admin/campaigns/abc123')).status).toBe(403);
    expect((await stack.post('/admin/campaigns/abc123/cancel', {})).status).toBe(403);
    expect((await stack.get('/admin/campaigns/abc123', admin)).status).toBe(404);
    expect((await stack.get('/admin/campaigns/NOT-AN-ID', admin)).status).toBe(400);
    const unknown = await stack.post('/admin/campaigns', { ...body, template: 'toString' }, admin);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unknown_template');
    // 预约提醒's data checked once, at start: a missing keyword is the caller's to fix.
    const bad = await stack.post(
      '/admin/campaigns',
      { template: 'bookingReminder', data: { service: '洗牙' } },
      admin,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_message');
  });

  it('without Redis there are no campaigns: 404 campaigns_off', async () => {
    const memory = await startTestStack({}, stack.emulator);
    try {
      const answer = await memory.post(
        '/admin/campaigns',
        { template: 'bookingReminder', data: REMINDER },
        { 'x-admin-token': memory.config.adminToken },
      );
      expect(answer.status).toBe(404);
      expect(answer.body.error).toBe('campaigns_off');
    } finally {
      await memory.close();
    }
  });
});
