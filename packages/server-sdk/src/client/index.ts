export { WeChatClient } from './client.js';
export { MessagesApi } from './messages.js';
export type { TemplateSender, WeChatClientOptions } from './types.js';
