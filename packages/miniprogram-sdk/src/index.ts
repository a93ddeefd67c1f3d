export { createCollector } from './collector/index.js';
export type {
  Collector,
  CollectorError,
  CollectorErrorCode,
  CollectorOptions,
  FlushResult,
  HeaderSource,
} from './collector/types.js';
export {
  collectFormId,
  type FormIdSink,
  type FormSubmitLike,
  registerCollector,
} from './form-id-sink.js';
export { compareVersions, supportsTemplateMessages } from './support.js';
export type { CollectorWx, SystemInfoWx } from './wx-api.js';
