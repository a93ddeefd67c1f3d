// @ts-check
/**
 * wx.login, then POST /login {code}: resolves to the backend's session token.
 * @param {string} apiBase
 * @returns {Promise<string>}
 */
function login(apiBase) {
  return new Promise((resolve, reject) => {
    wx.login({
      success: ({ code }) => {
        wx.request({
          url: `${apiBase}/login`,
          method: 'POST',
          data: { code },
          success: (res) => {
            const body = /** @type {{ token?: unknown } | undefined} */ (res.data);
            const token = body?.token;
            if (res.statusCode === 200 && typeof token === 'string') resolve(token);
            else reject(new Error(`login refused (HTTP ${res.statusCode})`));
          },
          fail: (error) => reject(new Error(error.errMsg)),
        });
      },
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
}

module.exports = { login };
