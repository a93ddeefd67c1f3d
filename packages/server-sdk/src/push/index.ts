export type { PushEvent, SentReceipt, SubscriptionChange } from './events.js';
export { createMessagePushHandler, type MessagePushHandlerOptions } from './handler.js';
