export * from './errors.js';
export {
  Notifier,
  type NotifierOptions,
  type NotifyInput,
  type NotifyResult,
  type SubscribeNotifyInput,
} from './notifier.js';
