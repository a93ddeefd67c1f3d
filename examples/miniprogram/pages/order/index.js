// @ts-check
// An order that pays: the backend creates the order and WeChat Pay's prepay_id, the user pays
// with wx.requestPayment, and the backend then notifies "paid"; "shipped" and "delivered" follow
// when the merchant acts. The prepay_id allows those 3 messages.
const api = require('../../utils/api.js');
const { subscribeOutcome } = require('../../utils/subscribe.js');

/**
 * @typedef {import('../../utils/api.js').Order} Order
 * @typedef {import('../../utils/api.js').Notification} Notification
 */

/** @type {Record<import('../../utils/api.js').OrderStatus, string>} */
const STATUS_TEXT = {
  created: '待付款',
  paid: '已付款',
  shipped: '已发货',
  delivered: '已签收',
};

/** @param {import('../../utils/api.js').Payment} payment */
function requestPayment(payment) {
  return new Promise((resolve, reject) => {
    wx.requestPayment({
      ...payment,
      success: resolve,
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
}

Component({
  data: {
    productId: 'latte',
    order: /** @type {Order | null} */ (null),
    statusText: '',
    /** idle | paying | paid | error */
    status: 'idle',
    message: '',
    /** The shipping and delivery notices to ask for with 「下单并支付」 (subscribe mode). */
    follow: /** @type {string[]} */ ([]),
  },

  methods: {
    /** @param {{ id?: string } | undefined} query */
    onLoad(query) {
      const app = /** @type {import('../../app.js').ExampleApp} */ (getApp());
      const ready = app
        .session()
        .catch(() => '')
        .then(() =>
          this.setData({
            follow: app.subscribeIds(['orderShippedNotice', 'orderDeliveredNotice']),
          }),
        );
      const id = query?.id;
      return id ? ready.then(() => this.refresh(id)) : ready;
    },

    /**
     * Re-reads the order (after the merchant shipped or delivered it).
     * @param {string} [id]
     */
    refresh(id) {
      const orderId = id || this.data.order?.id;
      if (!orderId) return Promise.resolve();
      return api
        .get(`/orders/${orderId}`)
        .then((/** @type {{ order: Order }} */ { order }) => this.showOrder(order))
        .catch((/** @type {Error} */ error) =>
          this.setData({ status: 'error', message: error.message }),
        );
    },

    /** @param {Order} order */
    showOrder(order) {
      this.setData({ order, statusText: STATUS_TEXT[order.status] || order.status });
    },

    /**
     * `<report-form>` submit ("下单并支付"): the same tap asked for the shipping and delivery
     * notices (subscribe mode); the accepted ones and the formId are in the collector.
     * @param {WechatMiniprogram.CustomEvent<import('@wxtpl/miniprogram-sdk').ReportFormSubmitDetail>} [event]
     */
    onPlaceOrder(event) {
      const subscribed = event ? subscribeOutcome(event.detail, '发货和签收通知') : '';
      this.setData({ status: 'paying', message: '' });
      return api
        .post('/orders', { productId: this.data.productId })
        .then(
          (
            /** @type {{ order: Order, payment: import('../../utils/api.js').Payment }} */ {
              order,
              payment,
            },
          ) => {
            this.showOrder(order);
            return requestPayment(payment).then(() => api.post(`/orders/${order.id}/pay`));
          },
        )
        .then(
          (/** @type {{ order: Order, notification: Notification }} */ { order, notification }) => {
            this.showOrder(order);
            const paid = notification.sent
              ? '支付成功，订单支付成功通知已发送'
              : `支付成功（通知未发送：${notification.message}）`;
            this.setData({ status: 'paid', message: subscribed ? `${paid}；${subscribed}` : paid });
          },
        )
        .catch((/** @type {Error} */ error) =>
          this.setData({ status: 'error', message: error.message }),
        );
    },
  },
});
