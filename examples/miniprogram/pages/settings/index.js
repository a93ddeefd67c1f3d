// @ts-check
// What the user chose for the app's subscribe messages (wx.getSetting withSubscriptions): the
// main switch and, per template, the choice the user asked WeChat to keep. A tap on the button
// asks again (requestSubscribe, synchronously in the bindtap handler).
const { getSubscriptionSettings, requestSubscribe } = require('@wxtpl/miniprogram-sdk');
const { keptChoiceText } = require('../../utils/subscribe.js');

/** @typedef {import('../../app.js').SubscribeTemplateName} SubscribeTemplateName */

/** @type {Record<SubscribeTemplateName, string>} */
const TITLES = {
  bookingReminder: '预约提醒',
  orderShippedNotice: '订单发货提醒',
  orderDeliveredNotice: '快递签收通知',
};
/** @type {SubscribeTemplateName[]} */
const ASKED_HERE = ['orderShippedNotice', 'orderDeliveredNotice'];

Component({
  data: {
    /** subscribe | template (config.js) */
    messages: 'subscribe',
    /** null until read */
    mainSwitch: /** @type {boolean | null} */ (null),
    items: /** @type {{ name: string, title: string, choice: string }[]} */ ([]),
    message: '',
  },

  methods: {
    onLoad() {
      return this.refresh();
    },

    onShow() {
      return this.refresh();
    },

    /** Reads the settings again and lists every template the app knows an id for. */
    refresh() {
      const app = /** @type {import('../../app.js').ExampleApp} */ (getApp());
      return app
        .session()
        .catch(() => '')
        .then(() => getSubscriptionSettings())
        .then(({ mainSwitch, itemSettings }) => {
          const ids = app.globalData.subscribeTemplates;
          const items = /** @type {SubscribeTemplateName[]} */ (Object.keys(TITLES))
            .filter((name) => ids[name])
            .map((name) => ({
              name,
              title: TITLES[name],
              choice: keptChoiceText(itemSettings?.[ids[name]]),
            }));
          this.setData({ messages: app.globalData.messages, mainSwitch, items });
        })
        .catch((/** @type {Error} */ error) => this.setData({ message: error.message }));
    },

    /** bindtap: the popup needs this tap, so requestSubscribe runs before anything async. */
    onSubscribe() {
      const app = /** @type {import('../../app.js').ExampleApp} */ (getApp());
      return requestSubscribe(app.subscribeIds(ASKED_HERE))
        .then((results) => {
          const accepted = Object.values(results).filter((result) => result === 'accept').length;
          this.setData({ message: `已订阅 ${accepted} 项通知` });
        })
        .catch((/** @type {import('@wxtpl/miniprogram-sdk').SubscribeError} */ error) => {
          this.setData({ message: error.hint ? `${error.zh}：${error.hint.zh}` : error.zh });
        })
        .then(() => this.refresh());
    },
  },
});
