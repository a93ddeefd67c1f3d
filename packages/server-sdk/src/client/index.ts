export { WeChatClient } from './client.js';
export { MessagesApi } from './messages.js';
export { SubscribeApi } from './subscribe.js';
export type { MessageSender, WeChatClientOptions } from './types.js';
