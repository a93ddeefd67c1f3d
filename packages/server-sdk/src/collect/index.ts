export type { CollectErrorBody, CollectErrorCode } from './errors.js';
export { type CollectHandlerOptions, createCollectHandler } from './handler.js';
