// @ts-check
// The app logs in once (wx.login → POST /login → a session token) and registers ONE collector:
// every <report-form> on every page hands it its formId and, with `subscribe`, the templates the
// user accepted; it uploads them to the backend's POST /formids in batches, at once after an
// acceptance, on an interval and when the app goes to background.
const {
  createCollector,
  registerCollector,
  supportsTemplateMessages,
} = require('@wxtpl/miniprogram-sdk');
const config = require('./config.js');
const { login } = require('./utils/session.js');

/**
 * What `App()` registers here, as pages get it from `getApp()`.
 * @typedef {import('./config.js').SubscribeTemplateName} SubscribeTemplateName
 * @typedef {{
 *   globalData: {
 *     apiBase: string,
 *     token: string,
 *     messages: 'subscribe' | 'template',
 *     subscribeTemplates: Record<SubscribeTemplateName, string>,
 *   },
 *   collector: import('@wxtpl/miniprogram-sdk').Collector | null,
 *   pendingLogin: Promise<string> | null,
 *   session(): Promise<string>,
 *   subscribeIds(names: SubscribeTemplateName[]): string[],
 *   uploadFormIds(): Promise<import('@wxtpl/miniprogram-sdk').FlushResult>,
 *   logout(): void,
 * }} ExampleApp
 */

App({
  globalData: {
    /** The backend's base URL (config.js); the demo points it at its own server. */
    apiBase: config.apiBase,
    /** The session token from POST /login ('' when logged out). */
    token: '',
    /** Subscribe messages, or template messages paid by formIds (config.js). */
    messages: config.messages,
    /** The account's subscribe template ids by name: config.js, else the login answer. */
    subscribeTemplates: { ...config.subscribeTemplates },
  },

  /** The collector (see onLaunch). */
  collector: /** @type {ExampleApp['collector']} */ (null),

  /** The login in flight, shared by every caller of session(). */
  pendingLogin: /** @type {Promise<string> | null} */ (null),

  onLaunch() {
    const collector = createCollector({
      endpoint: `${this.globalData.apiBase}/formids`,
      // Read before every upload, so a renewed session is picked up.
      header: () =>
        this.globalData.token ? { authorization: `Bearer ${this.globalData.token}` } : null,
      onError: (error) => {
        // The session expired: forget it; the next API call logs in again and resumes the collector.
        if (error.code === 'unauthorized') this.logout();
      },
    });
    this.collector = collector;
    registerCollector(collector);
    if (this.globalData.messages === 'template' && !supportsTemplateMessages()) {
      console.warn('This WeChat is older than 6.5.2: it will not show template messages.');
    }
    this.session().catch((error) => console.warn('login failed', error));
  },

  /**
   * Resolves to the session token, logging in when there is none (one login at a time).
   * @returns {Promise<string>}
   */
  session() {
    if (this.globalData.token) return Promise.resolve(this.globalData.token);
    if (!this.pendingLogin) {
      this.pendingLogin = login(this.globalData.apiBase).then(
        ({ token, subscribeTemplates }) => {
          this.globalData.token = token;
          const known = this.globalData.subscribeTemplates;
          for (const name of /** @type {SubscribeTemplateName[]} */ (Object.keys(known))) {
            known[name] = known[name] || subscribeTemplates[name] || '';
          }
          this.pendingLogin = null;
          this.collector?.resume();
          return token;
        },
        (error) => {
          this.pendingLogin = null;
          throw error;
        },
      );
    }
    return this.pendingLogin;
  },

  /**
   * The ids to ask the user for, in subscribe mode and once known; [] otherwise (nothing asked).
   * @param {SubscribeTemplateName[]} names
   */
  subscribeIds(names) {
    if (this.globalData.messages !== 'subscribe') return [];
    return names.map((name) => this.globalData.subscribeTemplates[name]).filter(Boolean);
  },

  /**
   * Uploads what waits on the phone now (formIds and accepted subscriptions); when the session
   * has expired, logs in again and retries once. Pages call it before asking the backend to
   * notify.
   */
  uploadFormIds() {
    const collector = /** @type {import('@wxtpl/miniprogram-sdk').Collector} */ (this.collector);
    return this.session()
      .then(() => collector.flush())
      .then((result) => {
        if (result.error?.code !== 'unauthorized') return result;
        this.logout();
        return this.session().then(() => collector.flush());
      });
  },

  /** Drops the session (after a 401). */
  logout() {
    this.globalData.token = '';
  },
});
