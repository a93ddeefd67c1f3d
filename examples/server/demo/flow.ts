import type { AnyInboxMessage, InboxKind } from '@wxtpl/emulator';
import type { MessageKind } from '../src/config.js';
import {
  type MiniProgramHost,
  type SimNode,
  startMiniProgram,
  waitForPage,
} from './miniprogram-host.js';
import type { DemoBackend, DemoStack } from './stack.js';
import { short, type Transcript } from './transcript.js';

/** A step of the demo that did not do what it should. */
export class DemoStepError extends Error {
  override name = 'DemoStepError';
}

/** What the demo leaves behind. */
export interface DemoResult {
  openid: string;
  /** The user's messages of each kind, oldest first. */
  messages: Record<MessageKind, AnyInboxMessage[]>;
  /** The emulator's inbox page, opened on this user. */
  inboxUrl: string;
}

/** What each story must deliver, in order. */
export const EXPECTED_TITLES: Record<MessageKind, readonly string[]> = {
  subscribe: ['预约提醒', '预约提醒', '预约提醒', '订单发货提醒', '快递签收通知'],
  template: ['预约成功通知', '预约成功通知', '订单支付成功通知', '订单发货提醒', '订单签收提醒'],
};

const BOOKINGS = [
  { service: '口腔检查', time: '2026年12月1日 15:00', store: '天河体育中心店', contact: '韩梅梅' },
  { service: '洗牙', time: '2026年12月8日 10:30', store: '珠江新城店', contact: '韩梅梅' },
  { service: '复诊', time: '2026年12月15日 09:30', store: '珠江新城店', contact: '韩梅梅' },
  { service: '牙齿美白', time: '2026年12月22日 16:00', store: '天河体育中心店', contact: '韩梅梅' },
];

/** One story told through the example mini-program's real code, against one backend. */
interface Story {
  out: Transcript;
  stack: DemoStack;
  backend: DemoBackend;
  mini: MiniProgramHost;
  openid: string;
  /** Prints what went over the wire since the last call. */
  traffic(): Promise<void>;
  /** Checks that the user's inbox of this kind holds exactly one more message, titled so. */
  expectMessage(title: string): Promise<void>;
  /** Checks that no message of this kind arrived since the last check. */
  expectNoMessage(why: string): Promise<void>;
}

/**
 * Both stories, one user: first with subscribe messages (what WeChat sends today: the app asks,
 * the user accepts, rejects, or keeps a choice, WeChat pushes each answer to the backend), then
 * with template messages (formIds and prepay_ids, for accounts that still have them). After every
 * step the user's inbox on the emulator is checked for exactly what that step must produce.
 */
export async function runDemoFlow(stack: DemoStack, out: Transcript): Promise<DemoResult> {
  const subscribe = await tellStory(stack, 'subscribe', out, undefined, subscribeStory);
  const template = await tellStory(stack, 'template', out, subscribe.openid, templateStory);
  const appId = stack.backends.subscribe.config.appId;
  const { openid } = subscribe;
  return {
    openid,
    messages: { subscribe: subscribe.messages, template: template.messages },
    inboxUrl: `${stack.emulator.url}/?appid=${encodeURIComponent(appId)}&openid=${encodeURIComponent(openid)}`,
  };
}

async function tellStory(
  stack: DemoStack,
  messages: MessageKind,
  out: Transcript,
  openid: string | undefined,
  story: (s: Story) => Promise<void>,
): Promise<{ openid: string; messages: AnyInboxMessage[] }> {
  const { emulator } = stack;
  const backend = stack.backends[messages];
  const appId = backend.config.appId;
  const kind: InboxKind = messages;
  let mini: MiniProgramHost | undefined;
  try {
    out.step(
      messages === 'subscribe'
        ? 'Subscribe messages (订阅消息): the user opens the mini-program'
        : 'Template messages (模板消息, for accounts that still have them): the app, relaunched in template mode',
    );
    mini = await startMiniProgram({
      emulatorUrl: emulator.url,
      appId,
      apiBase: backend.url,
      messages,
      ...(openid === undefined ? {} : { openid }),
      onPayment: (payment) =>
        out.detail(`wx.requestPayment({ package: '${payment.package}' }) → the user pays`),
    });
    const host = mini;
    let lastStats = await emulator.control.stats();
    let lastPushes = (await emulator.control.pushes({ appId })).length;
    const traffic = async () => {
      const phone = host.takeRequests().map((r) => `${r.method} ${r.path} → ${r.status}`);
      const stats = await emulator.control.stats();
      const calls = Object.entries(stats.requests)
        .filter(([path]) => path.startsWith('/cgi-bin/') || path.startsWith('/sns/'))
        .map(([path, n]) => [path, n - (lastStats.requests[path] ?? 0)] as const)
        .filter(([, n]) => n > 0);
      lastStats = stats;
      if (phone.length > 0) out.detail(`phone → backend:  ${phone.join(', ')}`);
      if (calls.length > 0) {
        const list = calls.map(([path, n]) => (n > 1 ? `${path} ×${n}` : path));
        out.detail(`backend → WeChat: ${list.join(', ')}`);
      }
      const pushes = (await emulator.control.pushes({ appId })).slice(lastPushes);
      lastPushes += pushes.length;
      for (const push of pushes) {
        out.detail(`WeChat → backend: message push ${push.event} (${push.state})`);
      }
    };

    await host.app.session();
    const user = host.runtime.openid;
    if (user === undefined) throw new DemoStepError('wx.login produced no user');
    out.detail('app.js: wx.login() → code → POST /login; the backend calls code2Session');
    out.detail(
      `the session_key stays on the server; the app holds a signed token for ${short(user)}`,
    );
    await traffic();

    let seen = (await emulator.control.inbox({ appId, openid: user, kind })).length;
    const inbox = () => emulator.control.inbox({ appId, openid: user, kind });
    const expectMessage = async (title: string) => {
      const messages = await waitForInbox(inbox, seen + 1);
      if (messages.length !== seen + 1) {
        const last = messages.at(-1);
        throw new DemoStepError(
          `expected ${seen + 1} message(s) in the inbox, found ${messages.length}${last ? ` (last: ${last.title})` : ''}`,
        );
      }
      const message = messages[seen] as AnyInboxMessage;
      if (message.title !== title) {
        throw new DemoStepError(`expected 「${title}」 in the inbox, got 「${message.title}」`);
      }
      seen += 1;
      out.ok(
        `delivered to the phone: 「${message.title}」 (${message.kind === 'subscribe' ? 'subscribe message' : `form_id ${short(message.form_id)}`})`,
      );
    };
    const expectNoMessage = async (why: string) => {
      const messages = await inbox();
      if (messages.length !== seen) {
        throw new DemoStepError(
          `expected no new message (${why}), found 「${messages.at(-1)?.title}」`,
        );
      }
      out.ok(`no message: ${why}`);
    };

    await story({
      out,
      stack,
      backend,
      mini: host,
      openid: user,
      traffic,
      expectMessage,
      expectNoMessage,
    });
    return { openid: user, messages: await inbox() };
  } finally {
    mini?.close();
  }
}

/** Subscribe messages: accept, reject, a kept choice, and the order's two notices. */
async function subscribeStory(s: Story): Promise<void> {
  const { out, mini } = s;
  out.detail(
    `the login answer names the account's subscribe templates: ${Object.keys(mini.app.globalData.subscribeTemplates).join(', ')}`,
  );
  const booking = await mini.openPage('booking');
  const book = async (index: number, answer: 'accept' | 'reject', keep = false) => {
    const value = BOOKINGS[index] as (typeof BOOKINGS)[number];
    out.step(
      `Booking ${index + 1}: the user taps 「确认预约」 (${value.service}); the reminder popup: ${answer}${keep ? ', 「总是保持以上选择」 ticked' : ''}`,
    );
    mini.runtime.answerPopups({ decision: answer, keep });
    return submitAndWait(mini, booking, '#booking-form', value, 'booked', 'the booking');
  };

  let data = await book(0, 'accept');
  out.detail(
    '<report-form subscribe> asked for 「预约提醒」 inside the tap; the collector uploads the acceptance',
  );
  await s.traffic();
  out.detail(`page shows: ${data.message}`);
  await s.expectMessage('预约提醒');

  data = await book(1, 'reject');
  await s.traffic();
  out.detail(`page shows: ${data.message}`);
  await s.expectNoMessage('the user rejected the reminder, so nothing paid for one');

  data = await book(2, 'accept', true);
  await s.traffic();
  await s.expectMessage('预约提醒');
  out.step('Booking 4: the kept choice answers for the user: no popup, the reminder is accepted');
  const before = mini.runtime.stats.subscribeRequests;
  data = await submitAndWait(
    mini,
    booking,
    '#booking-form',
    BOOKINGS[3] as object,
    'booked',
    'the booking',
  );
  out.detail(
    `wx.requestSubscribeMessage calls: ${mini.runtime.stats.subscribeRequests - before}, popup shown: no`,
  );
  await s.traffic();
  out.detail(`page shows: ${data.message}`);
  await s.expectMessage('预约提醒');

  out.step(
    'The user taps 「下单并支付」: it asks for 「订单发货提醒」 and 「快递签收通知」, then pays',
  );
  mini.runtime.answerPopups({ decision: 'accept' });
  const orderPage = await mini.openPage('order');
  const paid = await submitAndWait(mini, orderPage, '#order-form', {}, 'paid', 'the payment');
  const order = paid.order as { id: string; orderNo: string; amount: string };
  await s.traffic();
  out.detail(`page shows: ${paid.message}`);
  await s.expectNoMessage('no subscribe template was asked for the payment itself');
  await shipAndDeliver(s, orderPage, order.id, ['订单发货提醒', '快递签收通知']);
}

/** Template messages: two bookings and an order, paid by formIds and the prepay_id. */
async function templateStory(s: Story): Promise<void> {
  const { out, mini } = s;
  out.detail('app.js registered ONE formId collector; every <report-form> feeds it');
  const booking = await mini.openPage('booking');
  for (const index of [0, 1]) {
    const value = BOOKINGS[index] as (typeof BOOKINGS)[number];
    out.step(
      `Booking ${index + 1}: the user fills the form and taps 「确认预约」 (${value.service})`,
    );
    const data = await submitAndWait(
      mini,
      booking,
      '#booking-form',
      value,
      'booked',
      'the booking',
    );
    out.detail('<form report-submit> yielded a formId; <report-form> handed it to the collector');
    out.detail('the page flushes the collector, then asks the backend to book and notify');
    await s.traffic();
    out.detail(`page shows: ${data.message}`);
    await s.expectMessage('预约成功通知');
  }

  out.step('The user opens the order page and taps 「下单并支付」');
  const orderPage = await mini.openPage('order');
  const paid = await submitAndWait(mini, orderPage, '#order-form', {}, 'paid', 'the payment');
  const order = paid.order as { id: string; orderNo: string; amount: string };
  out.detail(
    `order ${order.orderNo} (${order.amount}); /pay recorded its prepay_id: 3 sends, 7 days`,
  );
  await s.traffic();
  out.detail(`page shows: ${paid.message}`);
  await s.expectMessage('订单支付成功通知');
  await shipAndDeliver(s, orderPage, order.id, ['订单发货提醒', '订单签收提醒']);

  out.step('The user switches to another app (onAppHide)');
  mini.runtime.hide();
  await waitFor(() => mini.app.collector.pending() === 0, 'the collector to upload on hide');
  out.detail("the collector uploads what was still waiting: the order form's formId");
  await s.traffic();
  out.ok(
    `sends left for this user on the server: ${await s.backend.server.pool.available(s.openid)}`,
  );
}

async function shipAndDeliver(
  s: Story,
  orderPage: SimNode,
  orderId: string,
  titles: readonly [string, string],
): Promise<void> {
  await merchant(s, orderId, 'ship');
  await refreshed(orderPage, '已发货');
  await s.traffic();
  await s.expectMessage(titles[0]);
  await merchant(s, orderId, 'deliver');
  await refreshed(orderPage, '已签收');
  await s.traffic();
  await s.expectMessage(titles[1]);
}

/** Taps a `<report-form>`'s submit and waits for the page's status to become `done` (or error). */
async function submitAndWait(
  mini: MiniProgramHost,
  page: SimNode,
  selector: string,
  value: object,
  done: string,
  what: string,
): Promise<Record<string, unknown>> {
  const before = JSON.stringify(page.data);
  await mini.tapSubmit(page, selector, value as Record<string, unknown>);
  const data = await waitForPage(
    page,
    (d) => (d.status === done || d.status === 'error') && JSON.stringify(d) !== before,
    what,
  );
  if (data.status !== done)
    throw new DemoStepError(`${what} failed: ${JSON.stringify(data.message)}`);
  return data;
}

async function merchant(s: Story, orderId: string, action: 'ship' | 'deliver') {
  s.out.step(action === 'ship' ? 'The merchant ships the order' : 'The parcel is delivered');
  const response = await fetch(`${s.backend.url}/orders/${orderId}/${action}`, {
    method: 'POST',
    headers: { 'x-admin-token': s.backend.config.adminToken, 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json()) as {
    notification?: { sent: boolean; source?: string; message?: string };
    message?: string;
  };
  if (!response.ok) {
    throw new DemoStepError(
      `POST /orders/:id/${action}: HTTP ${response.status} ${body.message ?? ''}`,
    );
  }
  if (!body.notification?.sent) {
    throw new DemoStepError(`${action}: notification not sent: ${body.notification?.message}`);
  }
  s.out.detail(
    `merchant: POST /orders/:id/${action} → notify, spending a ${body.notification.source} credit`,
  );
}

async function refreshed(page: SimNode, statusText: string): Promise<void> {
  await page.instance.refresh?.();
  await waitForPage(
    page,
    (d) => d.statusText === statusText,
    `the order page to show ${statusText}`,
  );
}

/** The inbox once it holds `count` messages, or as it is after a short wait. */
async function waitForInbox(
  read: () => Promise<AnyInboxMessage[]>,
  count: number,
): Promise<AnyInboxMessage[]> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const messages = await read();
    if (messages.length >= count || Date.now() > deadline) return messages;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new DemoStepError(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
