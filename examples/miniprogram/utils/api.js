// @ts-check
// The backend's answers, as the pages read them (see examples/server's routes).

/**
 * @typedef {{ sent: true, source: string, attempts: number }
 *   | { sent: false, reason: 'no_credit' | 'failed', message: string }} Notification
 *   What an endpoint reports about the template message it tried to send.
 * @typedef {{ id: string } & Record<import('../pages/booking/fields.js').BookingKeyword, string>} Booking
 * @typedef {'created' | 'paid' | 'shipped' | 'delivered'} OrderStatus
 * @typedef {{ id: string, orderNo: string, item: string, amount: string, status: OrderStatus,
 *   carrier?: string, trackingNo?: string }} Order
 * @typedef {{ timeStamp: string, nonceStr: string, package: string, signType: 'MD5' | 'HMAC-SHA256' | 'RSA',
 *   paySign: string }} Payment
 *   What `wx.requestPayment` takes, signed by the backend.
 * @typedef {{ message?: string, error?: string }} ErrorBody
 */

/** A backend call that answered 4xx/5xx: `status` and the JSON body's `message`. */
class ApiError extends Error {
  /**
   * @param {number} status
   * @param {ErrorBody | undefined} body
   */
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

/**
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {WechatMiniprogram.IAnyObject | undefined} data
 * @param {string} token
 * @returns {Promise<WechatMiniprogram.RequestSuccessCallbackResult>}
 */
function send(method, path, data, token) {
  const app = /** @type {import('../app.js').ExampleApp} */ (getApp());
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${app.globalData.apiBase}${path}`,
      method,
      ...(data === undefined ? {} : { data }),
      header: { authorization: `Bearer ${token}` },
      success: resolve,
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
}

/**
 * Calls the backend with the session token; on a 401 logs in again once and retries.
 * Resolves to the JSON body, rejects with an {@link ApiError} for any other 4xx/5xx.
 * @template T
 * @param {'GET' | 'POST'} method
 * @param {string} path
 * @param {WechatMiniprogram.IAnyObject} [data]
 * @returns {Promise<T>}
 */
function call(method, path, data) {
  const app = /** @type {import('../app.js').ExampleApp} */ (getApp());
  /** @param {boolean} retried @returns {Promise<T>} */
  const attempt = (retried) =>
    app
      .session()
      .then((token) => send(method, path, data, token))
      .then((res) => {
        if (res.statusCode === 401 && !retried) {
          app.logout();
          return attempt(true);
        }
        if (res.statusCode >= 400) {
          throw new ApiError(res.statusCode, /** @type {ErrorBody} */ (res.data));
        }
        return /** @type {T} */ (res.data);
      });
  return attempt(false);
}

module.exports = {
  ApiError,
  /**
   * @template T
   * @param {string} path
   * @returns {Promise<T>}
   */
  get: (path) => call('GET', path),
  /**
   * @template T
   * @param {string} path
   * @param {WechatMiniprogram.IAnyObject} [data]
   * @returns {Promise<T>}
   */
  post: (path, data) => call('POST', path, data || {}),
};
