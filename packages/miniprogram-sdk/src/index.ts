export { createCollector } from './collector/index.js';
export type {
  Collector,
  CollectorError,
  CollectorErrorCode,
  CollectorOptions,
  FlushResult,
  HeaderSource,
} from './collector/types.js';
export type { ReportFormResetDetail, ReportFormSubmitDetail } from './report-form-events.js';
export {
  collectFormId,
  type FormIdSink,
  type FormSubmitLike,
  registerCollector,
} from './sink.js';
export { SubscribeError, type SubscribeFailure } from './subscribe/errors.js';
export { type RequestSubscribeOptions, requestSubscribe } from './subscribe/request.js';
export { getSubscriptionSettings } from './subscribe/settings.js';
export type {
  SubscribeAnswer,
  SubscribeResults,
  SubscribeTemplateRef,
} from './subscribe/types.js';
export { compareVersions, supportsTemplateMessages } from './support.js';
export type {
  AppBaseInfoWx,
  CollectorWx,
  SubscribeFailResult,
  SubscribeWx,
  SystemInfoWx,
} from './wx-api.js';
