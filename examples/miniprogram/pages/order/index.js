// An order that pays: the backend creates the order and WeChat Pay's prepay_id, the user pays
// with wx.requestPayment, and the backend then notifies "paid"; "shipped" and "delivered" follow
// when the merchant acts. The prepay_id allows those 3 messages.
const api = require('../../utils/api.js');

const STATUS_TEXT = {
  created: '待付款',
  paid: '已付款',
  shipped: '已发货',
  delivered: '已签收',
};

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
    order: null,
    statusText: '',
    /** idle | paying | paid | error */
    status: 'idle',
    message: '',
  },

  methods: {
    onLoad(query) {
      if (query?.id) return this.refresh(query.id);
      return Promise.resolve();
    },

    /** Re-reads the order (after the merchant shipped or delivered it). */
    refresh(id) {
      const orderId = id || this.data.order?.id;
      if (!orderId) return Promise.resolve();
      return api
        .get(`/orders/${orderId}`)
        .then(({ order }) => this.showOrder(order))
        .catch((error) => this.setData({ status: 'error', message: error.message }));
    },

    showOrder(order) {
      this.setData({ order, statusText: STATUS_TEXT[order.status] || order.status });
    },

    /** `<report-form>` submit ("下单并支付"): its formId goes to the collector as well. */
    onPlaceOrder() {
      this.setData({ status: 'paying', message: '' });
      return api
        .post('/orders', { productId: this.data.productId })
        .then(({ order, payment }) => {
          this.showOrder(order);
          return requestPayment(payment).then(() => api.post(`/orders/${order.id}/pay`));
        })
        .then(({ order, notification }) => {
          this.showOrder(order);
          this.setData({
            status: 'paid',
            message: notification.sent
              ? '支付成功，订单支付成功通知已发送'
              : `支付成功（通知未发送：${notification.message}）`,
          });
        })
        .catch((error) => this.setData({ status: 'error', message: error.message }));
    },
  },
});
