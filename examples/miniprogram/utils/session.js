// @ts-check
/**
 * What POST /login answers: the session token and, from a backend that resolves them, the
 * account's subscribe template ids by name.
 * @typedef {{ token: string, subscribeTemplates: Record<string, string> }} LoginAnswer
 */

/**
 * wx.login, then POST /login {code}: resolves to the backend's answer.
 * @param {string} apiBase
 * @returns {Promise<LoginAnswer>}
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
            const body =
              /** @type {{ token?: unknown, subscribeTemplates?: unknown } | undefined} */ (
                res.data
              );
            const token = body?.token;
            if (res.statusCode === 200 && typeof token === 'string') {
              resolve({ token, subscribeTemplates: templateIds(body?.subscribeTemplates) });
            } else reject(new Error(`login refused (HTTP ${res.statusCode})`));
          },
          fail: (error) => reject(new Error(error.errMsg)),
        });
      },
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
}

/**
 * The string entries of an answer's `subscribeTemplates` (anything else is ignored).
 * @param {unknown} value
 * @returns {Record<string, string>}
 */
function templateIds(value) {
  /** @type {Record<string, string>} */
  const ids = {};
  if (typeof value !== 'object' || value === null) return ids;
  for (const [name, id] of Object.entries(value)) {
    if (typeof id === 'string' && id !== '') ids[name] = id;
  }
  return ids;
}

module.exports = { login };
