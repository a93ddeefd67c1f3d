// The subscribe-message story (the default): the app asks for acceptances, the phone reports them
// (POST /formids) and WeChat pushes them (POST /wechat/push), and each pays for one message.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULTS } from '../src/config.js';
import { PAGES, startTestStack, type TestStack } from './helpers.js';

let stack: TestStack;
let ids: Record<string, string>;
const BOOKING = {
  service: '洗牙',
  time: '2026年12月8日 10:30',
  store: '珠江新城店',
  contact: '李雷',
};

beforeAll(async () => {
  stack = await startTestStack();
  // The console's message push settings, pointed at this server with its Token.
  await stack.emulator.control.registerApp({
    appId: stack.config.appId,
    appSecret: stack.config.appSecret,
    pages: PAGES,
    push: { url: `${stack.url}/wechat/push`, token: EMULATOR_DEFAULTS.pushToken },
  });
  ids = stack.server.notices.subscribeIds;
});
afterAll(() => stack.close());

/** The user answers the popup; resolves once WeChat's push of it has been answered. */
async function popup(
  openid: string,
  templateIds: string[],
  decision: 'accept' | 'reject' = 'accept',
) {
  await pushed(() => stack.emulator.control.subscribe({ openid, templateIds, decision }));
}

/** Runs `action`, then waits until WeChat's push it caused has been answered. */
async function pushed(action: () => Promise<unknown>) {
  const before = (await stack.emulator.control.pushes()).length;
  await action();
  for (let i = 0; i < 200; i++) {
    const pushes = await stack.emulator.control.pushes();
    if (pushes.length > before && pushes.every((p) => p.state !== 'pending')) return;
    await sleep(10);
  }
  throw new Error('the push was not answered');
}

const inbox = (openid: string) =>
  stack.emulator.control.inbox({ appId: stack.config.appId, openid, kind: 'subscribe' });

describe('subscribe messages (the default)', () => {
  it('adds the 3 subscribe templates at start and names them in the login answer', async () => {
    expect(stack.server.resolutions.map((r) => [r.name, r.origin])).toEqual([
      ['bookingReminder', 'library'],
      ['orderShippedNotice', 'library'],
      ['orderDeliveredNotice', 'library'],
    ]);
    const { code } = await stack.emulator.control.login({ appId: stack.config.appId });
    const answer = await stack.post('/login', { code });
    expect(answer.body.subscribeTemplates).toEqual(ids);
    const account = await stack.server.client.subscribe.templates.list();
    expect(account.data.map((t) => t.priTmplId).sort()).toEqual(Object.values(ids).sort());
    // A restart finds them in the account.
    const again = await startTestStack({}, stack.emulator);
    try {
      expect(again.server.resolutions.map((r) => r.origin)).toEqual([
        'account',
        'account',
        'account',
      ]);
      expect(again.server.notices.subscribeIds).toEqual(ids);
    } finally {
      await again.close();
    }
  });

  it('answers the console URL check of /wechat/push', async () => {
    expect(await stack.emulator.control.verifyPush()).toMatchObject({ ok: true, status: 200 });
  });

  it('a booking the user accepted the reminder for is told once, reported by phone and push', async () => {
    const { openid, auth } = await stack.login();
    const first = await stack.post('/bookings', BOOKING, auth);
    expect(first.status).toBe(201);
    expect(first.body.notification).toMatchObject({ sent: false, reason: 'no_credit' });

    await popup(openid, [ids.bookingReminder as string]);
    // The page's report of the same popup: counted once with the push.
    const reported = await stack.post(
      '/formids',
      {
        items: [],
        subscriptions: [
          { id: 'popup-1', templateIds: [ids.bookingReminder], acceptedAt: Date.now() },
        ],
      },
      auth,
    );
    expect(reported.body.subscriptions).toEqual(['popup-1']);
    const told = await stack.post('/bookings', BOOKING, auth);
    expect(told.body.notification).toMatchObject({ sent: true, source: 'subscription' });
    const again = await stack.post('/bookings', BOOKING, auth);
    expect(again.body.notification).toMatchObject({ sent: false, reason: 'no_credit' });
    const messages = await inbox(openid);
    expect(messages.map((m) => m.template_id)).toEqual([ids.bookingReminder]);
    expect(Object.values(messages[0]?.data ?? {}).map((v) => v.value)).toEqual([
      '洗牙',
      '2026年12月8日 10:30',
      '珠江新城店',
      '李雷',
    ]);
  });

  it('a rejected popup pays for nothing', async () => {
    const { openid, auth } = await stack.login();
    await popup(openid, [ids.bookingReminder as string], 'reject');
    const answer = await stack.post('/bookings', BOOKING, auth);
    expect(answer.body.notification).toMatchObject({ sent: false, reason: 'no_credit' });
    expect(await inbox(openid)).toEqual([]);
  });

  it('an order tells shipping and delivery on the acceptances asked for with 下单并支付', async () => {
    const admin = { 'x-admin-token': stack.config.adminToken };
    const { openid, auth } = await stack.login();
    await popup(openid, [ids.orderShippedNotice as string, ids.orderDeliveredNotice as string]);
    const { products } = (await stack.get('/products')).body;
    const created = await stack.post('/orders', { productId: products[0].id }, auth);
    const order = created.body.order;
    const paid = await stack.post(`/orders/${order.id}/pay`, undefined, auth);
    expect(paid.body.notification).toMatchObject({ sent: false, reason: 'no_template' });
    const shipped = await stack.post(`/orders/${order.id}/ship`, {}, admin);
    expect(shipped.body.notification).toMatchObject({ sent: true, source: 'subscription' });
    const delivered = await stack.post(`/orders/${order.id}/deliver`, {}, admin);
    expect(delivered.body.notification).toMatchObject({ sent: true, source: 'subscription' });
    expect((await inbox(openid)).map((m) => m.template_id)).toEqual([
      ids.orderShippedNotice,
      ids.orderDeliveredNotice,
    ]);
  });

  it('a template switched off in the settings is revoked by its push: nothing is sent', async () => {
    const { openid, auth } = await stack.login();
    await popup(openid, [ids.bookingReminder as string]);
    await pushed(() =>
      stack.emulator.control.changeSubscription({
        openid,
        templateId: ids.bookingReminder as string,
      }),
    );
    const answer = await stack.post('/bookings', BOOKING, auth);
    expect(answer.body.notification).toMatchObject({ sent: false, reason: 'no_credit' });
    expect(await inbox(openid)).toEqual([]);
  });
});
