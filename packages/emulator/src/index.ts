export {
  type AppSelector,
  createEmulatorControl,
  type EmulatorControl,
  EmulatorControlError,
  type InboxQuery,
  type PopupDecisionInput,
  type PushVerification,
} from './client/control-client.js';
export {
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  DEFAULT_HOST,
  DEFAULT_PORT,
} from './defaults.js';
export { type RunningEmulator, type StartEmulatorOptions, startEmulator } from './emulator.js';
export { LIBRARY, type LibraryEntry } from './library/index.js';
export {
  SUBSCRIBE_CATEGORIES,
  SUBSCRIBE_LIBRARY,
  type SubscribeLibraryKeyword,
  type SubscribeLibraryTitle,
} from './library/subscribe.js';
export { DataFileError } from './persistence/data-file.js';
export type { PushAttempt, PushRecord } from './push/dispatcher.js';
export type { AppConfig } from './state/apps.js';
export { devtoolsOpenid } from './state/ids.js';
export type { PushConfigInput } from './state/push-config.js';
export type {
  AnyInboxMessage,
  EmulatorStats,
  EmulatorUser,
  FaultRule,
  InboxKeyword,
  InboxKind,
  InboxMessage,
  LoginResult,
  SubscribeAnswer,
  SubscribeInboxMessage,
  SubscriptionState,
  TemplateInboxMessage,
  UserSubscriptions,
} from './types.js';
export * from './wx-runtime/index.js';
