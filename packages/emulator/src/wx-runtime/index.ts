export { WxRuntimeControlError } from './control-plane.js';
export {
  BACKGROUND_NETWORK_GRACE_MS,
  createWxRuntime,
  type FormSubmitEvent,
  type SimulatedFormId,
  type TapEvent,
  type WxRuntime,
  type WxRuntimeOptions,
  type WxRuntimeStats,
} from './runtime.js';
export {
  createWxStorage,
  type StorageFault,
  WX_STORAGE_MAX_ENTRY_BYTES,
  WX_STORAGE_MAX_TOTAL_BYTES,
  WxStorage,
  WxStorageError,
  type WxStorageOptions,
} from './storage.js';
export type { PopupAnswer } from './subscribe.js';
export { DEFAULT_WECHAT_VERSION } from './system-info.js';
export type * from './types.js';
