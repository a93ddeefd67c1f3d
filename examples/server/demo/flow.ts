import type { InboxMessage } from '@wxtpl/emulator';
import {
  type MiniProgramHost,
  type SimNode,
  startMiniProgram,
  submitReportForm,
  waitForPage,
} from './miniprogram-host.js';
import type { DemoStack } from './stack.js';
import { short, type Transcript } from './transcript.js';

/** A step of the demo that did not do what it should. */
export class DemoStepError extends Error {
  override name = 'DemoStepError';
}

/** What the demo leaves behind. */
export interface DemoResult {
  openid: string;
  /** The user's inbox, oldest first. */
  messages: InboxMessage[];
  /** The emulator's inbox page, opened on this user. */
  inboxUrl: string;
}

const BOOKINGS = [
  { service: '口腔检查', time: '2026年12月1日 15:00', store: '天河体育中心店', contact: '韩梅梅' },
  { service: '洗牙', time: '2026年12月8日 10:30', store: '珠江新城店', contact: '韩梅梅' },
];

/**
 * The whole story, driven through the example mini-program's real code: log in, book twice, order
 * and pay; the merchant ships and delivers. After every step the user's inbox on the emulator is
 * checked for the one new message that step must produce.
 */
export async function runDemoFlow(stack: DemoStack, out: Transcript): Promise<DemoResult> {
  const { emulator, server, serverUrl, config } = stack;
  const appId = config.appId;
  let host: MiniProgramHost | undefined;
  try {
    out.step('The user opens the mini-program');
    host = await startMiniProgram({
      emulatorUrl: emulator.url,
      appId,
      apiBase: serverUrl,
      onPayment: (payment) =>
        out.detail(`wx.requestPayment({ package: '${payment.package}' }) → the user pays`),
    });
    const mini = host;
    let lastStats = await emulator.control.stats();
    /** What went over the wire since the last call: the phone's requests, the backend's WeChat calls. */
    const traffic = async () => {
      const phone = mini.takeRequests().map((r) => `${r.method} ${r.path} → ${r.status}`);
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
    };

    await mini.app.session();
    const openid = mini.runtime.openid;
    if (openid === undefined) throw new DemoStepError('wx.login produced no user');
    out.detail('app.js: wx.login() → code → POST /login; the backend calls code2Session');
    out.detail(
      `the session_key stays on the server; the app holds a signed token for ${short(openid)}`,
    );
    out.detail('app.js registered ONE formId collector; every <report-form> feeds it');
    await traffic();

    let seen = 0;
    const expectMessage = async (title: string): Promise<InboxMessage> => {
      const inbox = await emulator.control.inbox({ appId, openid });
      if (inbox.length !== seen + 1) {
        const last = inbox.at(-1);
        throw new DemoStepError(
          `expected ${seen + 1} message(s) in the inbox, found ${inbox.length}${last ? ` (last: ${last.title})` : ''}`,
        );
      }
      const message = inbox[seen] as InboxMessage;
      if (message.title !== title) {
        throw new DemoStepError(`expected 「${title}」 in the inbox, got 「${message.title}」`);
      }
      seen += 1;
      out.ok(`delivered to the phone: 「${message.title}」 (form_id ${short(message.form_id)})`);
      return message;
    };

    const booking = await mini.openPage('booking');
    for (const [index, value] of BOOKINGS.entries()) {
      out.step(
        `Booking ${index + 1}: the user fills the form and taps 「确认预约」 (${value.service})`,
      );
      const submit = await mini.runtime.submitForm(value);
      out.detail(
        `<form report-submit> yields formId ${short(submit.detail.formId)}; <report-form> hands it to the collector`,
      );
      const before = (booking.data.bookings as unknown[]).length;
      submitReportForm(booking, '#booking-form', submit.detail);
      const data = await waitForPage(
        booking,
        (d) => d.status === 'error' || (d.bookings as unknown[]).length > before,
        'the booking',
      );
      if (data.status !== 'booked') {
        throw new DemoStepError(`booking failed: ${JSON.stringify(data.message)}`);
      }
      out.detail('the page flushes the collector, then asks the backend to book and notify');
      await traffic();
      out.detail(`page shows: ${data.message}`);
      await expectMessage('预约成功通知');
    }

    out.step('The user opens the order page and taps 「下单并支付」');
    const orderPage = await mini.openPage('order');
    const orderSubmit = await mini.runtime.submitForm({});
    out.detail(
      `<report-form> formId ${short(orderSubmit.detail.formId)} → the collector (it waits for a batch)`,
    );
    submitReportForm(orderPage, '#order-form', orderSubmit.detail);
    const paid = await waitForPage(
      orderPage,
      (d) => d.status === 'paid' || d.status === 'error',
      'the payment',
    );
    if (paid.status !== 'paid') throw new DemoStepError(`payment failed: ${paid.message}`);
    const order = paid.order as { id: string; orderNo: string; amount: string };
    out.detail(
      `order ${order.orderNo} (${order.amount}); /pay recorded its prepay_id: 3 sends, 7 days`,
    );
    await traffic();
    out.detail(`page shows: ${paid.message}`);
    await expectMessage('订单支付成功通知');

    await merchant(stack, order.id, 'ship', out);
    await refreshed(orderPage, '已发货');
    await traffic();
    await expectMessage('订单发货提醒');

    await merchant(stack, order.id, 'deliver', out);
    await refreshed(orderPage, '已签收');
    await traffic();
    await expectMessage('订单签收提醒');

    out.step('The user switches to another app (onAppHide)');
    mini.runtime.hide();
    await waitFor(() => mini.app.collector.pending() === 0, 'the collector to upload on hide');
    out.detail("the collector uploads what was still waiting: the order form's formId");
    await traffic();
    out.ok(`sends left for this user on the server: ${await server.pool.available(openid)}`);

    const messages = await emulator.control.inbox({ appId, openid });
    const inboxUrl = `${emulator.url}/?appId=${encodeURIComponent(appId)}&openid=${encodeURIComponent(openid)}`;
    return { openid, messages, inboxUrl };
  } finally {
    host?.close();
  }
}

async function merchant(
  stack: DemoStack,
  orderId: string,
  action: 'ship' | 'deliver',
  out: Transcript,
) {
  out.step(action === 'ship' ? 'The merchant ships the order' : 'The parcel is delivered');
  const response = await fetch(`${stack.serverUrl}/orders/${orderId}/${action}`, {
    method: 'POST',
    headers: { 'x-admin-token': stack.config.adminToken, 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json()) as {
    notification?: { sent: boolean; source?: string; message?: string };
    message?: string;
  };
  if (!response.ok)
    throw new DemoStepError(
      `POST /orders/:id/${action}: HTTP ${response.status} ${body.message ?? ''}`,
    );
  if (!body.notification?.sent) {
    throw new DemoStepError(`${action}: notification not sent: ${body.notification?.message}`);
  }
  out.detail(
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

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new DemoStepError(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
