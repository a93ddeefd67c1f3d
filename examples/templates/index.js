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
const { defineSubscribeTemplate, defineTemplate } = require('@wxtpl/shared-types');

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

/*
 * Subscribe messages (订阅消息), what WeChat sends today. `id` is a placeholder here too: the
 * backend resolves each title to the account's priTmplId, and the app asks the user for those ids
 * (config.js, or the backend's login answer). The data key names the keyword's kind.
 */

/** One-time: asked for on the booking form's submit; sent as the booking's reminder. */
const bookingReminder = defineSubscribeTemplate({
  id: 'booking-reminder',
  title: '预约提醒',
  keywords: { service: 'thing1', time: 'time2', store: 'thing3', contact: 'name4' },
});

/** One-time: asked for with 「下单并支付」; sent when the order leaves the warehouse. */
const orderShippedNotice = defineSubscribeTemplate({
  id: 'order-shipped-notice',
  title: '订单发货提醒',
  keywords: {
    orderNo: 'character_string1',
    carrier: 'thing3',
    trackingNo: 'character_string4',
    shippedAt: 'time5',
  },
});

/** One-time: asked for with 「下单并支付」; sent when the parcel is signed for. */
const orderDeliveredNotice = defineSubscribeTemplate({
  id: 'order-delivered-notice',
  title: '快递签收通知',
  keywords: {
    trackingNo: 'character_string1',
    deliveredAt: 'time2',
    receiver: 'name3',
    carrier: 'thing4',
  },
});

/** The subscribe templates by the name the app and the backend use for them. */
const subscribeTemplates = { bookingReminder, orderShippedNotice, orderDeliveredNotice };

module.exports = {
  bookingConfirmed,
  orderPaid,
  orderShipped,
  orderDelivered,
  subscribeTemplates,
};
