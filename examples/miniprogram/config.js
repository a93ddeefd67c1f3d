// @ts-check
// Where the example backend (examples/server) listens. In WeChat DevTools tick
// "Details → Local settings → Do not verify valid domain names" (project.config.json sets
// urlCheck: false) so http://127.0.0.1 is allowed; on a phone use your HTTPS domain.
//
// `messages` picks how the app earns the right to notify the user:
// - 'subscribe' (default): subscribe messages (订阅消息), what WeChat sends today. The booking
//   form asks for the reminder, 「下单并支付」 for the shipping and delivery notices; the user's
//   acceptances go to the backend with the collector.
// - 'template': template messages paid by formIds, for accounts that still use them (WeChat
//   withdrew them for new messages in January 2020). Nothing is asked; formIds are collected.
//
// `subscribeTemplates`: your account's priTmplIds by template name (@wxtpl/example-templates). Left
// empty, the app uses the ids the backend names in its login answer (`subscribeTemplates`).

/** @typedef {keyof typeof import('@wxtpl/example-templates').subscribeTemplates} SubscribeTemplateName */

module.exports = {
  apiBase: 'http://127.0.0.1:3000',
  /** @type {'subscribe' | 'template'} */
  messages: 'subscribe',
  /** @type {Record<SubscribeTemplateName, string>} */
  subscribeTemplates: {
    bookingReminder: '',
    orderShippedNotice: '',
    orderDeliveredNotice: '',
  },
};
