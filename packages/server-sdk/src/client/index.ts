export { WeChatClient } from './client.js';
export type {
  CallOptions,
  MessagesApi,
  TemplateSender,
  WeChatClientOptions,
} from './types.js';
