export {
  type AppSelector,
  createEmulatorControl,
  type EmulatorControl,
  EmulatorControlError,
} from './client/control-client.js';
export {
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  DEFAULT_HOST,
  DEFAULT_PORT,
} from './defaults.js';
export { type RunningEmulator, type StartEmulatorOptions, startEmulator } from './emulator.js';
export { LIBRARY, type LibraryEntry } from './library/index.js';
export { DataFileError } from './persistence/data-file.js';
export type { AppConfig } from './state/apps.js';
export { devtoolsOpenid } from './state/ids.js';
export type {
  EmulatorStats,
  EmulatorUser,
  FaultRule,
  InboxKeyword,
  InboxMessage,
  LoginResult,
} from './types.js';
export * from './wx-runtime/index.js';
