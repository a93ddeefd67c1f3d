import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithUsedCode, startTestStack, type TestStack } from './helpers.js';

const BOOKING = {
  service: '口腔检查',
  time: '2026年12月1日 15:00',
  store: '天河体育中心店',
  contact: '韩梅梅',
};

let stack: TestStack;
beforeAll(async () => {
  // The template-message story (formIds, prepay_ids); test/subscribe.test.ts tells the other.
  stack = await startTestStack({ messages: 'template' });
});
afterAll(async () => {
  await stack?.close();
});

/** Mints real formIds for the user and uploads them through the collect endpoint. */
async function collect(auth: Record<string, string>, openid: string, count = 1) {
  const formIds = await stack.emulator.control.formIds({
    appId: stack.config.appId,
    openid,
    count,
  });
  const answer = await stack.post(
    '/formids',
    { items: formIds.map((formId) => ({ formId, createdAt: Date.now() })) },
    auth,
  );
  return { formIds, answer };
}

const inbox = (openid: string) =>
  stack.emulator.control.inbox({ appId: stack.config.appId, openid });

describe('POST /login', () => {
  it('exchanges a wx.login code for a signed session that carries no session_key', async () => {
    const { code, openid } = await stack.emulator.control.login({ appId: stack.config.appId });
    const answer = await stack.post('/login', { code });
    expect(answer.status).toBe(200);
    // Template mode names no subscribe template to ask for.
    expect(answer.body).toEqual({ token: expect.any(String), subscribeTemplates: {} });
    const [, payload] = (answer.body.token as string).split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8'));
    expect(claims.sub).toBe(openid);
    expect(Object.keys(claims).sort()).toEqual(['exp', 'sub']);
    expect(JSON.stringify(answer.body)).not.toMatch(/session_key/);
  });

  it('refuses a code used twice with 401, and a missing code with 400', async () => {
    const reused = await loginWithUsedCode(stack);
    expect(reused.status).toBe(401);
    expect(reused.body.error).toBe('invalid_code');
    expect((await stack.post('/login', {})).status).toBe(400);
  });
});

describe('POST /formids', () => {
  it('stores formIds for the session user only and answers the collector protocol', async () => {
    const user = await stack.login();
    const { formIds, answer } = await collect(user.auth, user.openid, 2);
    expect(answer.status).toBe(200);
    expect(answer.body.accepted).toEqual(formIds);
    expect(await stack.server.pool.available(user.openid)).toBe(2);

    const again = await stack.post(
      '/formids',
      { items: [{ formId: formIds[0], createdAt: Date.now() }] },
      user.auth,
    );
    expect(again.body.duplicates).toEqual([formIds[0]]);
    expect(await stack.server.pool.available(user.openid)).toBe(2);
  });

  it('ignores an openid in the body: credits go to the session user', async () => {
    const user = await stack.login();
    const other = await stack.login();
    const [formId] = await stack.emulator.control.formIds({
      appId: stack.config.appId,
      openid: user.openid,
    });
    const answer = await stack.post(
      '/formids',
      { openid: other.openid, items: [{ formId, createdAt: Date.now() }] },
      user.auth,
    );
    expect(answer.status).toBe(200);
    expect(await stack.server.pool.available(user.openid)).toBe(1);
    expect(await stack.server.pool.available(other.openid)).toBe(0);
  });

  it('answers 401 without a session or with a forged one', async () => {
    const item = { items: [{ formId: 'f'.repeat(32), createdAt: Date.now() }] };
    expect((await stack.post('/formids', item)).status).toBe(401);
    const user = await stack.login();
    const forged = `${user.token.slice(0, -2)}xx`;
    expect((await stack.post('/formids', item, { authorization: `Bearer ${forged}` })).status).toBe(
      401,
    );
  });
});

describe('POST /bookings', () => {
  it('books and delivers the confirmation, spending the collected formId', async () => {
    const user = await stack.login();
    const { formIds } = await collect(user.auth, user.openid);
    const answer = await stack.post('/bookings', BOOKING, user.auth);
    expect(answer.status).toBe(201);
    expect(answer.body.notification).toMatchObject({ sent: true, source: 'form' });
    const [message, ...rest] = await inbox(user.openid);
    expect(rest).toEqual([]);
    expect(message).toMatchObject({
      title: '预约成功通知',
      form_id: formIds[0],
      page: 'pages/booking/index',
      emphasis_keyword: 'keyword2.DATA',
      data: {
        keyword1: { value: '口腔检查' },
        keyword2: { value: '2026年12月1日 15:00' },
        keyword3: { value: '天河体育中心店' },
        keyword4: { value: '韩梅梅' },
      },
    });
    expect(message?.keywords.map((k) => k.name)).toEqual([
      '预约项目',
      '预约时间',
      '预约门店',
      '预约人',
    ]);
    expect(await stack.server.pool.available(user.openid)).toBe(0);
  });

  it('keeps the booking but reports no_credit when the user has no formId left', async () => {
    const user = await stack.login();
    const answer = await stack.post('/bookings', BOOKING, user.auth);
    expect(answer.status).toBe(201);
    expect(answer.body.notification).toMatchObject({ sent: false, reason: 'no_credit' });
    expect(await inbox(user.openid)).toEqual([]);
  });

  it('refuses a payload missing a template keyword (400) and drops unknown fields', async () => {
    const user = await stack.login();
    const { contact: _omitted, ...missing } = BOOKING;
    const refused = await stack.post('/bookings', missing, user.auth);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/contact/);
    const extra = await stack.post('/bookings', { ...BOOKING, extra: 'x' }, user.auth);
    expect(extra.status).toBe(201);
    expect(extra.body.booking).not.toHaveProperty('extra');
  });

  it('answers 401 to a bad or missing session', async () => {
    expect((await stack.post('/bookings', BOOKING, { authorization: 'Bearer nope' })).status).toBe(
      401,
    );
    expect((await stack.post('/bookings', BOOKING)).status).toBe(401);
  });
});

describe('orders', () => {
  it('create → pay → ship → deliver sends 3 notifications on the payment prepay_id', async () => {
    const user = await stack.login();
    const created = await stack.post('/orders', { productId: 'latte' }, user.auth);
    expect(created.status).toBe(201);
    const { order, payment } = created.body;
    expect(order).toMatchObject({ item: '拿铁咖啡（大杯）', amount: '¥36.00', status: 'created' });
    expect(order).not.toHaveProperty('prepayId');
    expect(payment.package).toMatch(/^prepay_id=\S+$/);
    const prepayId = (payment.package as string).slice('prepay_id='.length);

    const paid = await stack.post(`/orders/${order.id}/pay`, undefined, user.auth);
    expect(paid.status).toBe(200);
    expect(paid.body.notification).toMatchObject({ sent: true, source: 'prepay' });
    expect(await stack.server.pool.available(user.openid)).toBe(2);

    const admin = { 'x-admin-token': stack.config.adminToken };
    const shipped = await stack.post(
      `/orders/${order.id}/ship`,
      { carrier: '顺丰速运', trackingNo: 'SF123' },
      admin,
    );
    expect(shipped.body.order).toMatchObject({ status: 'shipped', trackingNo: 'SF123' });
    const delivered = await stack.post(`/orders/${order.id}/deliver`, {}, admin);
    expect(delivered.body.order.status).toBe('delivered');
    expect(delivered.body.notification.sent).toBe(true);

    const messages = await inbox(user.openid);
    expect(messages.map((m) => m.title)).toEqual([
      '订单支付成功通知',
      '订单发货提醒',
      '订单签收提醒',
    ]);
    expect(messages.every((m) => m.form_id === prepayId)).toBe(true);
    expect(messages.every((m) => m.page === `pages/order/index?id=${order.id}`)).toBe(true);
    expect(messages[1]?.data.keyword3).toEqual({ value: 'SF123' });
    expect(await stack.server.pool.available(user.openid)).toBe(0);

    const status = await stack.get(`/orders/${order.id}`, user.auth);
    expect(status.body.order.status).toBe('delivered');
  });

  it('refuses paying twice (409), other users (404), merchants without the token (403)', async () => {
    const user = await stack.login();
    const stranger = await stack.login();
    const { order } = (await stack.post('/orders', { productId: 'earbuds' }, user.auth)).body;
    expect((await stack.post(`/orders/${order.id}/pay`, undefined, stranger.auth)).status).toBe(
      404,
    );
    expect((await stack.get(`/orders/${order.id}`, stranger.auth)).status).toBe(404);
    expect((await stack.post(`/orders/${order.id}/ship`, {})).status).toBe(403);
    expect(
      (await stack.post(`/orders/${order.id}/ship`, {}, { 'x-admin-token': 'guess' })).status,
    ).toBe(403);
    expect((await stack.post(`/orders/${order.id}/pay`, undefined, user.auth)).status).toBe(200);
    const twice = await stack.post(`/orders/${order.id}/pay`, undefined, user.auth);
    expect(twice.status).toBe(409);
    expect(await inbox(user.openid)).toHaveLength(1);
    const admin = { 'x-admin-token': stack.config.adminToken };
    expect((await stack.post(`/orders/${order.id}/deliver`, {}, admin)).status).toBe(409);
  });

  it('refuses unknown products (400) and requests without a session (401)', async () => {
    const user = await stack.login();
    expect((await stack.post('/orders', { productId: 'nope' }, user.auth)).status).toBe(400);
    expect((await stack.post('/orders', { productId: 'latte' })).status).toBe(401);
    expect((await stack.get('/orders/1')).status).toBe(401);
  });
});

describe('templates at start-up', () => {
  it('adds the 4 templates from the library once, then reuses them from the account', async () => {
    expect(stack.server.resolutions.map((r) => [r.title, r.origin])).toEqual([
      ['预约成功通知', 'library'],
      ['订单支付成功通知', 'library'],
      ['订单发货提醒', 'library'],
      ['订单签收提醒', 'library'],
    ]);
    const second = await startTestStack({ messages: 'template' }, stack.emulator);
    try {
      expect(second.server.resolutions.map((r) => r.origin)).toEqual([
        'account',
        'account',
        'account',
        'account',
      ]);
      expect(second.server.resolutions.map((r) => r.templateId)).toEqual(
        stack.server.resolutions.map((r) => r.templateId),
      );
    } finally {
      await second.close();
    }
  });

  it('fails to start with a clear error when templates are missing and adding is off', async () => {
    const { startEmulator } = await import('@wxtpl/emulator');
    const empty = await startEmulator();
    try {
      await expect(
        startTestStack({ messages: 'template', addMissingTemplates: false }, empty),
      ).rejects.toThrow(/no template for 「预约成功通知」\(预约项目、预约时间、预约门店、预约人\)/);
    } finally {
      await empty.close();
    }
  });
});
