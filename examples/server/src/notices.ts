import type { Notifier, NotifyResult } from '@wxtpl/server-sdk';
import { NOT_SENT, type NotificationOutcome, notifyOutcome } from './notify-outcome.js';
import { formatFen, formatTime, type Order } from './orders.js';
import type { ResolvedSubscribeTemplates } from './subscribe-templates.js';
import type { ResolvedTemplates } from './templates.js';

type Log = { warn(obj: object, msg: string): void };

/** A booking: the booking templates' keywords, as the form sends them. */
export interface BookingInput {
  service: string;
  time: string;
  store: string;
  contact: string;
}

/**
 * What the user is told, and with which kind of message: one place decides it. Subscribe mode
 * spends the acceptances the app asked for (预约提醒 on booking, 订单发货提醒 and 快递签收通知 with the
 * order); template mode spends formIds and prepay_ids.
 */
export interface Notices {
  readonly messages: 'subscribe' | 'template';
  /** The subscribe templates the app asks the user for, by name (empty in template mode). */
  readonly subscribeIds: Readonly<Record<string, string>>;
  booked(openid: string, booking: BookingInput, log: Log): Promise<NotificationOutcome>;
  paid(order: Order, paidAt: number, log: Log): Promise<NotificationOutcome>;
  shipped(order: Order, shippedAt: number, log: Log): Promise<NotificationOutcome>;
  delivered(
    order: Order,
    deliveredAt: number,
    receiver: string,
    log: Log,
  ): Promise<NotificationOutcome>;
}

const BOOKING_PAGE = 'pages/booking/index';
const orderPage = (order: Order) => `pages/order/index?id=${order.id}`;
/** What both kinds of 订单发货提醒 say of the order (each writes the time its own way). */
const shipping = (order: Order) => ({
  orderNo: order.orderNo,
  carrier: order.carrier ?? '',
  trackingNo: order.trackingNo ?? '',
});

/** Notifies the order's user with the message `send` makes; the message opens the order's page. */
function notifyOrder(
  order: Order,
  log: Log,
  send: (to: { openid: string; page: string }) => Promise<NotifyResult>,
): Promise<NotificationOutcome> {
  return notifyOutcome(() => send({ openid: order.openid, page: orderPage(order) }), log);
}

/** Template messages (模板消息): every event has its template, paid by a formId or prepay_id. */
export function templateNotices(notifier: Notifier, templates: ResolvedTemplates): Notices {
  return {
    messages: 'template',
    subscribeIds: {},
    booked: (openid, booking, log) =>
      notifyOutcome(
        () =>
          notifier.notify({
            openid,
            template: templates.bookingConfirmed,
            data: booking,
            page: BOOKING_PAGE,
            emphasis: 'time',
          }),
        log,
      ),
    paid: (order, paidAt, log) =>
      notifyOrder(order, log, (to) =>
        notifier.notify({
          ...to,
          template: templates.orderPaid,
          data: {
            orderNo: order.orderNo,
            item: order.item,
            amount: formatFen(order.amountFen),
            paidAt: formatTime(paidAt),
          },
          emphasis: 'amount',
        }),
      ),
    shipped: (order, shippedAt, log) =>
      notifyOrder(order, log, (to) =>
        notifier.notify({
          ...to,
          template: templates.orderShipped,
          data: { ...shipping(order), shippedAt: formatTime(shippedAt) },
        }),
      ),
    delivered: (order, deliveredAt, receiver, log) =>
      notifyOrder(order, log, (to) =>
        notifier.notify({
          ...to,
          template: templates.orderDelivered,
          data: { orderNo: order.orderNo, deliveredAt: formatTime(deliveredAt), receiver },
        }),
      ),
  };
}

/** Subscribe messages (订阅消息): each paid by the user's acceptance of that template. */
export function subscribeNotices(
  notifier: Notifier,
  templates: ResolvedSubscribeTemplates,
): Notices {
  return {
    messages: 'subscribe',
    subscribeIds: Object.fromEntries(
      Object.entries(templates).map(([name, template]) => [name, template.id]),
    ),
    booked: (openid, booking, log) =>
      notifyOutcome(
        () =>
          notifier.notify({
            openid,
            template: templates.bookingReminder,
            data: booking,
            page: BOOKING_PAGE,
          }),
        log,
      ),
    // No subscribe template was asked for the payment itself: the user hears at shipping.
    paid: async () => ({ sent: false, reason: 'no_template', message: NOT_SENT.no_template }),
    shipped: (order, shippedAt, log) =>
      notifyOrder(order, log, (to) =>
        notifier.notify({
          ...to,
          template: templates.orderShippedNotice,
          data: { ...shipping(order), shippedAt: new Date(shippedAt) },
        }),
      ),
    delivered: (order, deliveredAt, receiver, log) =>
      notifyOrder(order, log, (to) =>
        notifier.notify({
          ...to,
          template: templates.orderDeliveredNotice,
          data: {
            trackingNo: order.trackingNo ?? '',
            deliveredAt: new Date(deliveredAt),
            receiver,
            carrier: order.carrier ?? '',
          },
        }),
      ),
  };
}
