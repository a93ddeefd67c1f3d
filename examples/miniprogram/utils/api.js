/** A backend call that answered 4xx/5xx: `status` and the JSON body's `message`. */
class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

function send(method, path, data, token) {
  const app = getApp();
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${app.globalData.apiBase}${path}`,
      method,
      data,
      header: { authorization: `Bearer ${token}` },
      success: resolve,
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
}

/**
 * Calls the backend with the session token; on a 401 logs in again once and retries.
 * Resolves to the JSON body, rejects with an {@link ApiError} for any other 4xx/5xx.
 */
function call(method, path, data) {
  const app = getApp();
  const attempt = (retried) =>
    app
      .session()
      .then((token) => send(method, path, data, token))
      .then((res) => {
        if (res.statusCode === 401 && !retried) {
          app.logout();
          return attempt(true);
        }
        if (res.statusCode >= 400) throw new ApiError(res.statusCode, res.data);
        return res.data;
      });
  return attempt(false);
}

module.exports = {
  ApiError,
  get: (path) => call('GET', path),
  post: (path, data) => call('POST', path, data || {}),
};
