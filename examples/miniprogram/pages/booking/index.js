// @ts-check
// Built with the Component constructor (a page may be): the same file runs in WeChat and under
// miniprogram-simulate in `pnpm demo`.
const api = require('../../utils/api.js');
const { subscribeOutcome } = require('../../utils/subscribe.js');
const { BOOKING_FIELDS, bookingPayload, missingFields } = require('./fields.js');

/**
 * @typedef {{ booking: import('../../utils/api.js').Booking,
 *   notification: import('../../utils/api.js').Notification }} BookingAnswer
 */

Component({
  data: {
    fields: /** @type {import('./fields.js').BookingKeyword[]} */ (Object.keys(BOOKING_FIELDS)).map(
      (name) => ({ name, ...BOOKING_FIELDS[name] }),
    ),
    /** idle | sending | booked | error */
    status: 'idle',
    message: '',
    bookings: /** @type {import('../../utils/api.js').Booking[]} */ ([]),
    /** The reminder to ask for on submit (subscribe mode, once its id is known). */
    reminder: /** @type {string[]} */ ([]),
  },

  methods: {
    /** Once logged in, the reminder's id is known (config.js or the login answer). */
    onLoad() {
      const app = /** @type {import('../../app.js').ExampleApp} */ (getApp());
      return app
        .session()
        .catch(() => '')
        .then(() => this.setData({ reminder: app.subscribeIds(['bookingReminder']) }));
    },

    /**
     * `<report-form>`'s submit: `{ value, formId }`, and with `subscribe` the reminder popup's
     * outcome. The formId and an accepted reminder already went to the app's collector; we flush
     * it so the backend holds them before we ask for the confirmation.
     * @param {WechatMiniprogram.CustomEvent<import('@wxtpl/miniprogram-sdk').ReportFormSubmitDetail>} event
     */
    onBook(event) {
      const subscribed = subscribeOutcome(event.detail, '预约提醒');
      const payload = bookingPayload(event.detail.value || {});
      const missing = missingFields(payload);
      if (missing.length > 0) {
        this.setData({ status: 'error', message: `请填写：${missing.join('、')}` });
        return Promise.resolve();
      }
      this.setData({ status: 'sending', message: '' });
      const app = /** @type {import('../../app.js').ExampleApp} */ (getApp());
      return app
        .uploadFormIds()
        .then(() => api.post('/bookings', payload))
        .then((/** @type {BookingAnswer} */ { booking, notification }) => {
          const title = app.globalData.messages === 'subscribe' ? '预约提醒' : '预约成功通知';
          const told = notification.sent
            ? `${title}已发送到「服务通知」`
            : `预约已提交（通知未发送：${notification.message}）`;
          this.setData({
            status: 'booked',
            message: subscribed ? `${told}；${subscribed}` : told,
            bookings: [...this.data.bookings, booking],
          });
        })
        .catch((/** @type {Error} */ error) => {
          this.setData({ status: 'error', message: error.message });
        });
    },
  },
});
