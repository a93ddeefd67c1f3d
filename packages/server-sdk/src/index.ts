// Re-exported so `wxtpl codegen` output and apps need no direct dependency on shared-types.
export { defineTemplate, type TemplateDefinition } from '@wxtpl/shared-types';
export * from './client/index.js';
export * from './collect/index.js';
export * from './errors.js';
export type { RetryOptions, RetryPolicy } from './http/retry.js';
export * from './lint/index.js';
export * from './logger/index.js';
export * from './notify/index.js';
export * from './pool/index.js';
export * from './store/index.js';
export type {
  PageProgress,
  TemplateLibraryApi,
  TemplatesApi,
  WalkOptions,
} from './templates/index.js';
export type {
  StoredToken,
  TokenProvider,
  TokenProviderRequest,
  TokenProviderResult,
} from './token/index.js';
export { tokenKey, tokenLockKey } from './token/index.js';
