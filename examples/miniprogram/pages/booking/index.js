// @ts-check
// Built with the Component constructor (a page may be): the same file runs in WeChat and under
// miniprogram-simulate in `pnpm demo`.
const api = require('../../utils/api.js');
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
  },

  methods: {
    /**
     * `<report-form>`'s submit: `{ value, formId }`. The formId already went to the app's
     * collector; we flush it so the backend holds it before we ask for the confirmation.
     * @param {WechatMiniprogram.CustomEvent<{ value?: Record<string, unknown>, formId: string | null }>} event
     */
    onBook(event) {
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
          const told = notification.sent
            ? '预约成功通知已发送到「服务通知」'
            : `预约已提交（通知未发送：${notification.message}）`;
          this.setData({
            status: 'booked',
            message: told,
            bookings: [...this.data.bookings, booking],
          });
        })
        .catch((/** @type {Error} */ error) => {
          this.setData({ status: 'error', message: error.message });
        });
    },
  },
});
