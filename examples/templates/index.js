// @ts-check
// The template messages of the example app, declared once for both starters: the backend
// (examples/server) notifies with these definitions, and the mini-program's pages
// (examples/miniprogram) build their payloads from the same keyword names, so a renamed or missing
// keyword fails `tsc` on both sides. Both depend on this package; neither imports the other.
//
// `id` is a placeholder: the real template_id belongs to each WeChat account, so the backend
// resolves it at start-up (from the account's templates, or by adding the title from the library).
// The pages use these definitions for types only (see pages/booking/fields.js), so the
// mini-program's runtime never loads this package nor @wxtpl/shared-types.
const { defineTemplate } = require('@wxtpl/shared-types');

/** Sent after a booking form is submitted: spends the form's formId. */
const bookingConfirmed = defineTemplate({
  id: 'booking-confirmed',
  title: '预约成功通知',
  keywords: { service: 'keyword1', time: 'keyword2', store: 'keyword3', contact: 'keyword4' },
});

/** Sent when the order is paid: the first of the payment's 3 sends. */
const orderPaid = defineTemplate({
  id: 'order-paid',
  title: '订单支付成功通知',
  keywords: { orderNo: 'keyword1', item: 'keyword2', amount: 'keyword3', paidAt: 'keyword4' },
});

/** Sent when the order leaves the warehouse. */
const orderShipped = defineTemplate({
  id: 'order-shipped',
  title: '订单发货提醒',
  keywords: {
    orderNo: 'keyword1',
    carrier: 'keyword2',
    trackingNo: 'keyword3',
    shippedAt: 'keyword4',
  },
});

/** Sent when the parcel is signed for. */
const orderDelivered = defineTemplate({
  id: 'order-delivered',
  title: '订单签收提醒',
  keywords: { orderNo: 'keyword1', deliveredAt: 'keyword2', receiver: 'keyword3' },
});

module.exports = { bookingConfirmed, orderPaid, orderShipped, orderDelivered };
