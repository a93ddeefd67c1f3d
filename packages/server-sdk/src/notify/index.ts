export {
  AlreadyAttemptedError,
  CreditsExhaustedError,
  DailyLimitError,
  DeliveryUnknownError,
  InvalidPageError,
  MessageRejectedError,
  NoCreditError,
  NotifyError,
  PolicyError,
  TemplateRejectedError,
} from './errors.js';
export {
  Notifier,
  type NotifierOptions,
  type NotifyInput,
  type NotifyResult,
  type SubscribeNotifyInput,
} from './notifier.js';
